import assert from 'node:assert/strict';
import { bareText, commandLanguage, isCommandWord, taskCommand } from '../../dialogs/commands';
import { strings } from '../../src/i18n';
import { languages, taskIdSchema, type Language } from '../../src/knowledge/schema';

const own =
  (language: Language): (() => Language) =>
  () =>
    language;

describe('typed commands (words from the resource modules)', () => {
  it('answer a French word in French, whatever the user writes in otherwise', () => {
    assert.equal(commandLanguage('help', bareText('aide'), own('en')), 'fr');
    assert.equal(commandLanguage('welcome', bareText('Bonjour !'), own('en')), 'fr');
    assert.equal(commandLanguage('cancel', bareText('annuler'), own('en')), 'fr');
  });

  it('answer an English word in the user’s own language (detected from the text, else the Teams locale)', () => {
    // In the bot `own` is the language detector: "what can you do" reads as English, a bare "quit" from a
    // French Teams client as French.
    assert.equal(commandLanguage('help', bareText('what can you do?'), own('en')), 'en');
    assert.equal(commandLanguage('welcome', bareText('good morning'), own('en')), 'en');
    assert.equal(commandLanguage('cancel', bareText('quit'), own('fr')), 'fr');
    assert.equal(commandLanguage('cancel', bareText('cancel'), own('fr')), 'fr');
  });

  it('keep the user’s language for a word several languages list', () => {
    for (const [command, word] of [
      ['help', 'help'],
      ['help', 'menu'],
      ['welcome', 'hello'],
      ['cancel', 'stop'],
    ] as const) {
      assert.equal(commandLanguage(command, word, own('fr')), 'fr', word);
      assert.equal(commandLanguage(command, word, own('en')), 'en', word);
    }
  });

  it('ignore case, accents, typographic dashes and trailing punctuation', () => {
    assert.equal(commandLanguage('cancel', bareText('  ARRÊTE !'), own('en')), 'fr');
    assert.equal(commandLanguage('cancel', bareText('arrete'), own('en')), 'fr');
    assert.equal(commandLanguage('help', bareText('Que peux‑tu faire ?'), own('en')), 'fr');
    assert.equal(commandLanguage('help', bareText('que sais tu faire'), own('en')), 'fr');
    assert.ok(isCommandWord('cancel', bareText('Cancel.')));
    assert.ok(!isCommandWord('cancel', bareText('cancel my membership')));
    assert.equal(commandLanguage('help', bareText('helpful'), own('en')), undefined);
  });

  it('start a task from an imperative or a bare topic in either language, not from a question', () => {
    const cases: readonly [string, string, Language][] = [
      ['Activate technical benefits', 'activate-technical-benefit', 'en'],
      ['activer les avantages techniques', 'activate-technical-benefit', 'fr'],
      ["what's the status of our tech benefits?", 'activate-technical-benefit', 'en'],
      ['quels sont nos avantages techniques avons-nous ?', 'activate-technical-benefit', 'fr'],
      ['please reassign a VS seat', 'assign-visual-studio', 'en'],
      ['show me all our Visual Studio licences', 'assign-visual-studio', 'en'],
      ['our vs seats', 'assign-visual-studio', 'en'],
      ['Quelles licences Visual Studio avons nous ?', 'assign-visual-studio', 'fr'],
      ['quelles sont nos licences VS', 'assign-visual-studio', 'fr'],
      ['show our renewal dates', 'renewal-dates', 'en'],
      ['Quand renouveler ?', 'renewal-dates', 'fr'],
    ];
    // A French phrase runs the task in French even for an English user; an English one in the user's language.
    for (const [text, task, language] of cases)
      assert.deepEqual(taskCommand(bareText(text), own(language === 'fr' ? 'en' : language)), { task, language }, text);
    assert.deepEqual(taskCommand(bareText('renewal dates'), own('fr')), { task: 'renewal-dates', language: 'fr' });
    for (const question of ['how do I assign Visual Studio?', 'comment activer les avantages techniques ?', 'renew'])
      assert.equal(taskCommand(bareText(question), own('en')), undefined, question);
  });

  it('are listed by every language for every command and task', () => {
    for (const language of languages) {
      const { commands } = strings[language];
      for (const words of [commands.help, commands.welcome, commands.cancel]) assert.ok(words.length > 0, language);
      for (const task of taskIdSchema.options) assert.ok(commands.tasks[task].length > 0, `${language} ${task}`);
    }
  });
});
