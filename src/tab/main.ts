import { app, authentication } from '@microsoft/teams-js';
import type { TabBoot, TabData, TabErrorCode, TabPageStrings, TabTheme } from './model';
import { renderData, renderError } from './render';

/*
 * The "My benefits" tab in the browser. The HTML already shows the loading state; this script asks Teams for
 * the context (locale, theme, and a sign-in token), follows theme changes, fetches /api/tab/me and draws it.
 * Outside Teams, with sign-in off on the server, it runs as the demo identity (`?as=adele` for another user).
 */

/** Outside Teams, `app.initialize` fails at once at the top level; in someone else's frame it would wait forever. */
const TEAMS_INIT_TIMEOUT_MS = 2000;

interface Host {
  readonly locale: string;
  readonly theme: string;
}

const themeOf = (value: string | null | undefined): TabTheme =>
  value === 'dark' || value === 'contrast' ? value : 'default';

const applyTheme = (theme: string | null | undefined): void => {
  document.documentElement.dataset.theme = themeOf(theme);
};

function readBoot(): TabBoot {
  const element = document.getElementById('tab-boot');
  return JSON.parse(element?.textContent ?? '{}') as TabBoot;
}

async function connectToTeams(): Promise<Host | undefined> {
  try {
    let timer: number | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = window.setTimeout(() => reject(new Error('not in Teams')), TEAMS_INIT_TIMEOUT_MS);
    });
    await Promise.race([app.initialize(), timeout]).finally(() => window.clearTimeout(timer));
  } catch {
    return undefined;
  }
  const context = await app.getContext();
  app.registerOnThemeChangeHandler(applyTheme);
  return { locale: context.app.locale, theme: context.app.theme };
}

/** The page's language: the Teams locale when it names one the server sent strings for, else the URL's. */
function languageOf(locale: string | undefined, boot: TabBoot): string {
  const tag = (locale ?? '').toLowerCase();
  return Object.keys(boot.strings).find((l) => tag === l || tag.startsWith(`${l}-`)) ?? boot.language;
}

type Outcome = { readonly data: TabData } | { readonly error: string };

async function fetchData(language: string, host: Host | undefined, boot: TabBoot, s: TabPageStrings): Promise<Outcome> {
  const url = new URL('api/tab/me', document.baseURI);
  url.searchParams.set('locale', language);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (boot.sso) {
    if (!host) return { error: s.openInTeams };
    try {
      headers.Authorization = `Bearer ${await authentication.getAuthToken()}`;
    } catch {
      return { error: s.signInFailed };
    }
  } else {
    const as = new URLSearchParams(window.location.search).get('as');
    if (as) url.searchParams.set('as', as);
  }
  try {
    const res = await fetch(url, { headers, credentials: 'same-origin' });
    const body = (await res.json()) as TabData | { error?: TabErrorCode };
    if (res.ok) return { data: body as TabData };
    const code = 'error' in body && body.error ? body.error : 'failed';
    return { error: s.errors[code] ?? s.errors.failed };
  } catch {
    return { error: s.errors.failed };
  }
}

async function main(): Promise<void> {
  const boot = readBoot();
  applyTheme(new URLSearchParams(window.location.search).get('theme'));
  const host = await connectToTeams();
  if (host) applyTheme(host.theme);
  const language = languageOf(host?.locale, boot);
  const s = boot.strings[language] ?? boot.strings[boot.language];
  if (!s) return;
  document.documentElement.lang = language;
  document.title = s.title;
  const title = document.getElementById('title');
  if (title) title.textContent = s.title;
  const page = document.getElementById('main');
  const status = document.getElementById('status');
  const statusText = document.getElementById('status-text');
  const content = document.getElementById('content');
  if (!page || !status || !statusText || !content) return;

  const load = async (): Promise<void> => {
    page.setAttribute('aria-busy', 'true');
    status.classList.remove('done');
    statusText.textContent = s.loading;
    const outcome = await fetchData(language, host, boot, s);
    page.setAttribute('aria-busy', 'false');
    if ('data' in outcome) {
      renderData(content, outcome.data, s, () => void load());
      status.classList.add('done');
      statusText.textContent = s.loaded;
      document.documentElement.dataset.state = 'ready';
      // Read by the browser test: navigation start to the data drawn.
      performance.mark('tab-data-rendered');
      if (host) void app.notifySuccess().catch(() => undefined);
    } else {
      status.classList.add('done');
      statusText.textContent = '';
      renderError(content, outcome.error, s, () => void load());
      document.documentElement.dataset.state = 'error';
    }
  };
  await load();
}

void main();
