import { handoffSheet, type HandoffInput } from '../../shared/handoff-sheet.ts';
import { writeFileAtomic } from '../core/fs/atomic-write.ts';
import { UsageError } from './command.ts';

/**
 * `record --handoff FILE`: the sheet for whoever manages the DNS, Markdown for *.md, plain text
 * otherwise. Written atomically; an existing file is kept unless --force says to replace it.
 */
export async function writeHandoff(file: string, input: HandoffInput, overwrite: boolean): Promise<string> {
  const format = /\.(md|markdown)$/i.test(file) ? 'markdown' : 'text';
  try {
    await writeFileAtomic(file, handoffSheet(input, format), { mode: 0o644, overwrite });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists: choose another file, or add --force to replace it`);
    if (code === 'ENOENT') throw new UsageError(`Cannot write ${file}: its folder does not exist`);
    throw err;
  }
  return format;
}
