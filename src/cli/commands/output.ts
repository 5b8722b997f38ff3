import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Io } from '../main.js';

/**
 * Buffered writer for long outputs. It hands chunks of ~64 KiB to a file stream or to `io.stdout`
 * and waits for the destination to drain, so a million-row export never piles up in memory.
 */
export class ChunkWriter {
  private buf: string[] = [];
  private size = 0;
  private readonly file: WriteStream | null;

  constructor(
    private readonly io: Io,
    outPath: string | null,
  ) {
    this.file = outPath === null ? null : createWriteStream(outPath);
  }

  async write(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 65536) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (this.file) {
      if (!this.file.write(chunk)) await once(this.file, 'drain');
      return;
    }
    this.io.stdout(chunk);
    // io.stdout usually writes to process.stdout: honour its backpressure when it is the destination.
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.file) {
      this.file.end();
      await once(this.file, 'finish');
    }
  }
}
