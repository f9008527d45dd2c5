import type { PdSendContext, PdTransport } from '../../core/pd-port.js';
import type { PreviewNotes } from '../../core/preview.js';

/** How one TiKV action reaches PD: for real, or through a dry run that reads but does not write. */
export interface TikvCall {
  readonly pd: PdTransport;
  readonly context: PdSendContext;
  /** Present only in a dry run: where the action says what it found and what else it could send. */
  readonly preview?: PreviewNotes;
}
