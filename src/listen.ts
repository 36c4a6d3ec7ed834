import type { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { StartupError } from './services/db/dataDir';

/** A restify server (which re-emits its node:http server's 'error' and 'listening') or a node:http one. */
export type Listenable = Pick<EventEmitter, 'once' | 'off'> & {
  listen(port: number, host: string): unknown;
  address(): AddressInfo | string | null;
};

/**
 * Listens, or rejects with a StartupError whose one line says which port and what to do: the
 * 'error' event of a port in use would otherwise be an uncaught exception with a stack trace.
 * Pass the restify server itself: it re-emits 'error', and would throw it with no listener of its own.
 */
export function listen(server: Listenable, port: number, host: string, variable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE') {
        reject(
          new StartupError(
            `Port ${port} is already in use (${where}): ` +
              `stop the process that holds it, or set ${variable} to a free port.`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new StartupError(
            `Port ${port} needs privileges this process does not have (${where}): ` +
              `set ${variable} to a port above 1023.`,
          ),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new StartupError(`Cannot listen on ${where}: the address is not on this machine; check HOST.`));
      } else {
        reject(new StartupError(`Cannot listen on ${where}: ${error.message}`));
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(address !== null && typeof address === 'object' ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
