/** Keeps only the last bytes of a stream, so huge outputs cost bounded memory. */
export class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit = 4096) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) this.size -= this.chunks.shift()!.length;
  }

  /** The last `lines` lines, decoded. */
  text(lines = 20): string {
    const all = Buffer.concat(this.chunks).toString('utf8');
    const cut = all.length > this.limit ? all.slice(all.length - this.limit) : all;
    return cut.replace(/\n$/, '').split('\n').slice(-lines).join('\n');
  }
}
