import { handoffSheet, type HandoffInput } from '../../../../shared/handoff-sheet.ts';
import { downloadText } from '../../lib/download.ts';
import { announce } from '../../store/announce-store.ts';
import { CopyButton } from '../common/CopyButton.tsx';

/** "Send to whoever manages DNS": the self-contained instruction sheet, as a file or an email body. */
export function HandoffActions({ input }: { input: HandoffInput }) {
  const first = (input.names[0]?.name ?? 'records').replace(/^\*\./, '').replace(/[^a-z0-9.-]/gi, '_');
  const save = (format: 'markdown' | 'text') => {
    const fileName = `dns-records-${first}.${format === 'markdown' ? 'md' : 'txt'}`;
    downloadText(fileName, handoffSheet(input, format), format === 'markdown' ? 'text/markdown' : 'text/plain');
    announce(`Saved ${fileName}`);
  };
  return (
    <div className="card handoff">
      <h3>Someone else manages your DNS?</h3>
      <p>
        Send them an instruction sheet: the records exactly as they must be entered, the steps at their provider, how to check the result,
        and what happens next.
      </p>
      <div className="row-actions">
        <button type="button" className="btn" onClick={() => save('markdown')}>
          Download instructions (Markdown)
        </button>
        <button type="button" className="btn" onClick={() => save('text')}>
          Download instructions (text)
        </button>
        <CopyButton text={handoffSheet(input, 'text')} label="Copy as email" />
      </div>
    </div>
  );
}
