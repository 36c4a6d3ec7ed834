import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { schemaErrors } from '../../scripts/support/appPackage';

const root = path.join(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run package`'s script with exactly these settings (nothing inherited from this shell's env). */
function runPackage(env: Readonly<Record<string, string>>, out: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      ['scripts/package.ts', '--out', out],
      { cwd: root, timeout: 60_000, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const settings = {
  TEAMS_APP_ID: '2c3d4e5f-1111-4222-8333-944455556666',
  MicrosoftAppId: '9a8b7c6d-1111-4222-8333-944455556666',
  MicrosoftAppPassword: 'not-used-by-packaging',
  PUBLIC_URL: 'https://bot.contoso.example',
};

type Json = Record<string, unknown>;
const entry = (zip: AdmZip, name: string): Buffer => {
  const file = zip.getEntry(name);
  assert.ok(file, `${name} is in the package`);
  return file.getData();
};
const json = (zip: AdmZip, name: string): Json => JSON.parse(entry(zip, name).toString('utf8')) as Json;

/** The manifest's localizable strings that the localization schema lets a language file translate. */
function localizablePaths(manifest: Json): string[] {
  const paths = ['name.short', 'name.full', 'description.short', 'description.full'];
  const bots = (manifest.bots ?? []) as { commandLists?: { commands: unknown[] }[] }[];
  bots[0]?.commandLists?.forEach((list, l) =>
    list.commands.forEach((_, c) =>
      paths.push(
        `bots[0].commandLists[${l}].commands[${c}].title`,
        `bots[0].commandLists[${l}].commands[${c}].description`,
      ),
    ),
  );
  const extensions = (manifest.composeExtensions ?? []) as { commands: { parameters?: unknown[] }[] }[];
  extensions[0]?.commands.forEach((command, c) => {
    const at = `composeExtensions[0].commands[${c}]`;
    paths.push(`${at}.title`, `${at}.description`);
    command.parameters?.forEach((_, p) =>
      paths.push(`${at}.parameters[${p}].title`, `${at}.parameters[${p}].description`),
    );
  });
  ((manifest.staticTabs ?? []) as unknown[]).forEach((_, t) => paths.push(`staticTabs[${t}].name`));
  return paths;
}

describe('npm run package (the Teams app package)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pba-package-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it(
    'writes a zip whose manifest and French file the bundled schemas accept, ' + 'with this deployment filled in',
    async () => {
      const out = path.join(dir, 'appPackage.zip');
      const run = await runPackage(settings, out);
      assert.equal(run.code, 0, run.stderr);
      const zip = new AdmZip(await readFile(out));
      assert.deepEqual(
        zip
          .getEntries()
          .map((e) => e.entryName)
          .sort(),
        ['color.png', 'fr.json', 'manifest.json', 'outline.png'],
      );
      const manifest = json(zip, 'manifest.json');
      const fr = json(zip, 'fr.json');
      assert.deepEqual(await schemaErrors(manifest, 'manifest.json'), []);
      assert.deepEqual(await schemaErrors(fr, 'fr.json'), []);
      assert.ok(Number(String(manifest.manifestVersion).split('.')[1]) >= 24, 'schema 1.24 or later');
      assert.equal(manifest.id, settings.TEAMS_APP_ID);
      const bots = manifest.bots as Json[];
      assert.equal(bots[0]?.botId, settings.MicrosoftAppId);
      assert.deepEqual(manifest.validDomains, ['bot.contoso.example']);
      assert.deepEqual(manifest.webApplicationInfo, {
        id: settings.MicrosoftAppId,
        resource: `api://bot.contoso.example/${settings.MicrosoftAppId}`,
      });
      assert.doesNotMatch(JSON.stringify(manifest) + JSON.stringify(fr), /\$\{\{/);
      // Without a model configured, no description speaks of generated answers.
      assert.doesNotMatch(JSON.stringify(manifest.description), /AI-generated/);
    },
  );

  it('translates every localizable string of the manifest into French', async () => {
    const out = path.join(dir, 'fr.zip');
    assert.equal((await runPackage(settings, out)).code, 0);
    const zip = new AdmZip(await readFile(out));
    const manifest = json(zip, 'manifest.json');
    const fr = json(zip, 'fr.json');
    const missing = localizablePaths(manifest).filter((key) => typeof fr[key] !== 'string' || fr[key] === '');
    assert.deepEqual(missing, []);
    const names = manifest.name as Json;
    assert.notEqual(fr['name.short'], names.short);
    assert.notEqual(fr['description.full'], (manifest.description as Json).full);
  });

  it('says in both languages that answers may be AI-generated when a model is configured', async () => {
    const out = path.join(dir, 'ai.zip');
    const run = await runPackage(
      { ...settings, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      out,
    );
    assert.equal(run.code, 0, run.stderr);
    const zip = new AdmZip(await readFile(out));
    assert.match(String((json(zip, 'manifest.json').description as Json).full), /AI-generated/);
    assert.match(String(json(zip, 'fr.json')['description.full']), /générées par (une )?IA/);
  });

  it('has a 192×192 opaque colour icon and a 32×32 outline icon in white on transparent', async () => {
    const out = path.join(dir, 'icons.zip');
    assert.equal((await runPackage(settings, out)).code, 0);
    const zip = new AdmZip(await readFile(out));
    const color = PNG.sync.read(entry(zip, 'color.png'));
    assert.deepEqual([color.width, color.height], [192, 192]);
    for (let i = 3; i < color.data.length; i += 4) assert.equal(color.data[i], 255, 'colour icon is opaque');
    const outline = PNG.sync.read(entry(zip, 'outline.png'));
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      if (a === 0) transparent += 1;
      else assert.deepEqual([r, g, b], [255, 255, 255], 'outline pixels are white');
    }
    assert.ok(transparent > 32 * 32 * 0.3, 'the outline icon has a transparent background');
  });

  it('refuses with clear reasons when a setting is missing or malformed, and writes nothing', async () => {
    const out = path.join(dir, 'none.zip');
    const run = await runPackage({ PUBLIC_URL: 'http://bot.contoso.example', TEAMS_APP_ID: 'not-a-guid' }, out);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /TEAMS_APP_ID/);
    assert.match(run.stderr, /MicrosoftAppId/);
    assert.match(run.stderr, /PUBLIC_URL.*https/);
    await assert.rejects(readFile(out));
  });

  it('the schema check itself rejects a manifest that breaks the schema', async () => {
    const out = path.join(dir, 'check.zip');
    assert.equal((await runPackage(settings, out)).code, 0);
    const manifest = json(new AdmZip(await readFile(out)), 'manifest.json');
    const errors = await schemaErrors({ ...manifest, id: 'not-a-guid', accentColor: 'blue' }, 'manifest.json');
    assert.ok(
      errors.some((e) => e.includes('/id')) && errors.some((e) => e.includes('/accentColor')),
      errors.join('\n'),
    );
  });
});
