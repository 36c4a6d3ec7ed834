/*
 * Writes the Teams app package (default build/appPackage.zip) for this deployment: the manifest with
 * TEAMS_APP_ID, MicrosoftAppId and PUBLIC_URL filled in, checked against the bundled schemas. Exits 2 with
 * the reasons when a setting is missing or the manifest does not validate.
 *
 *   TEAMS_APP_ID=… MicrosoftAppId=… PUBLIC_URL=https://… npm run package [-- --out path/to/app.zip]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePackageConfig } from '../src/scriptConfig';
import { strings } from '../src/i18n';
import { buildAppPackage, packageFiles } from './support/appPackage';
import { accentColor } from './icons';
import { version } from '../package.json';

async function main(argv: readonly string[]): Promise<number> {
  const given = argv[argv.indexOf('--out') + 1];
  const out = path.resolve(
    argv.includes('--out') && given ? given : path.join(__dirname, '..', 'build', 'appPackage.zip'),
  );
  const parsed = parsePackageConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`Cannot package the Teams app:\n${parsed.error}\n`);
    return 2;
  }
  const config = parsed.value;
  const zip = await buildAppPackage({
    teamsAppId: config.teamsAppId,
    botId: config.botId,
    publicUrl: config.publicUrl,
    version,
    developerName: config.developerName,
    accentColor,
    aiNotice: config.generative ? { en: strings.en.manifestAiNotice, fr: strings.fr.manifestAiNotice } : undefined,
  });
  if (!zip.ok) {
    process.stderr.write(`The manifest does not validate:\n${zip.error.map((e) => `- ${e}`).join('\n')}\n`);
    return 2;
  }
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, zip.value);
  process.stdout.write(
    `Wrote ${out} (${packageFiles.join(', ')}): app ${config.teamsAppId}, bot ${config.botId}, ${config.publicUrl}` +
      `${config.generative ? ', descriptions say answers may be AI-generated' : ''}\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `package failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
