/* Editors' report: the most frequent unanswered questions and the down-voted answers, from DATA_DIR. */
import { parseConfig } from '../src/config';
import { JsonlFeedbackStore, type KnowledgeReport } from '../src/services/feedbackStore';

export function formatReport(report: KnowledgeReport, dataDir: string): string {
  const lines = [`Knowledge base report (${dataDir})`, '', 'Most frequent unanswered or unclear questions:'];
  if (report.unanswered.length === 0) lines.push('  (none recorded)');
  report.unanswered.forEach((r, i) =>
    lines.push(
      `  ${String(i + 1).padStart(2)}. ${String(r.count).padStart(3)}×  [${r.languages.join(',')}] ${r.question}`,
    ),
  );
  lines.push('', 'Down-voted answers (👎 / 👍):');
  if (report.downVoted.length === 0) lines.push('  (none recorded)');
  report.downVoted.forEach((r, i) =>
    lines.push(
      `  ${String(i + 1).padStart(2)}. ${r.entryId}  ${r.down} / ${r.up}   ` +
        `edit src/knowledge/entries/${r.entryId}.yaml`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) throw new Error(parsed.error);
  const limitArg = process.argv.find((a) => a.startsWith('--top='));
  const limit = limitArg ? Number(limitArg.slice('--top='.length)) : 20;
  const report = await new JsonlFeedbackStore(parsed.value.dataDir).report(limit);
  process.stdout.write(formatReport(report, parsed.value.dataDir));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
