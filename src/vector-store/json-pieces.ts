// Large JSON files written a piece at a time: at 100k chunks the docstore or the keyword index as
// one string would cost several hundred megabytes at once.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Size at which a piece is handed on. */
const PIECE_CHARS = 1 << 20;

/** `open`, the items separated by commas, then `close`, in pieces of about a megabyte. */
export function* joinedPieces(open: string, items: Iterable<string>, close: string): Generator<string> {
  let piece = open;
  let first = true;
  for (const item of items) {
    piece += first ? item : `,${item}`;
    first = false;
    if (piece.length > PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield piece + close;
}

/** Writes the pieces to `file` as they come. */
export async function writePieces(file: string, pieces: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(pieces), createWriteStream(file));
}
