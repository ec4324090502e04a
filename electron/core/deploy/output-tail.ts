/**
 * Keeps the last `limit` bytes of a command's output. The end is what explains a failure (the
 * error, the exit), and a chatty command must not grow the certificate's log without bound.
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.kept - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.kept -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.kept -= excess;
        this.dropped += excess;
      }
    }
  }

  /** The kept output as text, after a line saying how much was cut when anything was. */
  text(): string {
    let tail = Buffer.concat(this.chunks);
    if (this.dropped === 0) return tail.toString('utf8');
    // The cut may fall inside a UTF-8 sequence: skip its continuation bytes rather than show U+FFFD.
    let skip = 0;
    while (skip < 3 && skip < tail.length && (tail[skip]! & 0xc0) === 0x80) skip++;
    tail = tail.subarray(skip);
    return `[… ${this.dropped + skip} earlier bytes of output cut …]\n${tail.toString('utf8')}`;
  }
}
