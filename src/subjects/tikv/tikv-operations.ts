import type { PdResponse } from '../../core/pd-port.js';
import type { TikvCall } from './tikv-call.js';

/**
 * The TiKV operations an action definition binds to. Declared apart from TikvSubject so the action
 * table and the subject that runs it do not import each other.
 */
export interface TikvOperations {
  transferLeader(regionId: number, toStoreId: string, call?: TikvCall): Promise<PdResponse>;
  transferPeer(
    regionId: number,
    fromStoreId: string,
    toStoreId: string,
    call?: TikvCall,
  ): Promise<PdResponse>;
  drainStore(storeId: string, call?: TikvCall): Promise<PdResponse>;
}
