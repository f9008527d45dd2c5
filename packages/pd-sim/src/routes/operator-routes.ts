import { decodeGoJsonMap } from '../decode-go-json-map.js';
import { goParseInt, goParseUint } from '../go-strconv.js';
import {
  operatorObject,
  operatorRecordString,
  operatorString,
  operatorWithStatusString,
} from '../operator-string.js';
import { renderInputErrcode, renderJson } from '../render.js';
import type { SimCluster } from '../sim-cluster.js';
import type { OpKindName, SimOperator } from '../sim-operator.js';
import { handleOperatorCreation } from './handle-operator-creation.js';
import type { RouteDef } from './route-table.js';

const API = '/pd/api/v1';
const OPERATOR_NOT_FOUND = '[PD:operator:ErrOperatorNotFound]operator not found';
const FILTER_KINDS: readonly string[] = ['admin', 'leader', 'region'];
/** operator.OpWaiting: the waiting queue, always empty in the simulator. */
const WAITING_KIND = 'waiting';

/** §1 and §2: create, list, inspect and cancel operators. */
export function operatorRoutes(cluster: SimCluster): RouteDef[] {
  const { operators, clock } = cluster;
  const withRegionIndex = (id: string, then: (regionIndex: number) => ReturnType<RouteDef['handler']>) => {
    const parsed = goParseUint(id);
    if (!parsed.ok) return renderJson(400, parsed.error);
    return then(cluster.regionIndexOf(parsed.value));
  };
  return [
    {
      method: 'GET',
      pattern: `${API}/operators`,
      handler: ({ query }) => {
        let ops: SimOperator[] | null = operators.running();
        if (query.has('kind')) {
          // GetOperatorsByKinds (pkg/schedule/handler/handler.go) appends per kind (duplicates included)
          // to a nil slice, so no match is `null`. Its switch has no default and `ops` lives outside the
          // loop: an unknown kind appends the previous known kind's list again (`admin&kind=foo` lists
          // admin twice), while an unknown kind before any known one appends nothing. `waiting` is a
          // known kind; the simulator has no waiting queue, so its list is empty.
          const running = ops;
          const picked: SimOperator[] = [];
          let last: readonly SimOperator[] = [];
          for (const kind of query.getAll('kind')) {
            if (kind === WAITING_KIND) last = [];
            else if (FILTER_KINDS.includes(kind))
              last = running.filter((op) => op.hasKind(kind as OpKindName));
            picked.push(...last);
          }
          ops = picked.length === 0 ? null : picked;
        }
        // The ?object branch always builds a fresh slice, so it says [] rather than null.
        if (query.has('object')) return renderJson(200, (ops ?? []).map(operatorObject));
        return renderJson(200, ops === null ? null : ops.map((op) => operatorString(op, clock)));
      },
    },
    {
      method: 'POST',
      pattern: `${API}/operators`,
      handler: ({ body }) => {
        const decoded = decodeGoJsonMap(body);
        if (!decoded.ok) return renderInputErrcode(decoded.msg, decoded.data);
        const result = handleOperatorCreation(cluster, decoded.input);
        return result.ok
          ? renderJson(200, 'The operator is created.')
          : renderJson(result.status, result.message);
      },
    },
    {
      method: 'DELETE',
      pattern: `${API}/operators`,
      handler: () => {
        operators.cancelAll();
        return renderJson(200, 'All pending operators are canceled.');
      },
    },
    {
      method: 'GET',
      pattern: `${API}/operators/records`,
      handler: ({ query }) => {
        let fromWallMs: number | undefined;
        const from = query.getAll('from')[0];
        if (from !== undefined) {
          const parsed = goParseInt(from);
          if (!parsed.ok) return renderJson(400, parsed.error);
          fromWallMs = Number(parsed.value) * 1000;
        }
        const records = operators.records(fromWallMs);
        if (records.length === 0) return renderJson(500, OPERATOR_NOT_FOUND);
        return renderJson(
          200,
          records.map((op) => operatorRecordString(op, clock)),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${API}/operators/{region_id}`,
      handler: ({ params }) =>
        withRegionIndex(params.region_id ?? '', (index) => {
          const op = index < 0 ? undefined : operators.statusOf(index);
          if (op === undefined) return renderJson(500, OPERATOR_NOT_FOUND);
          return renderJson(200, operatorWithStatusString(op, clock));
        }),
    },
    {
      method: 'DELETE',
      pattern: `${API}/operators/{region_id}`,
      handler: ({ params }) =>
        withRegionIndex(params.region_id ?? '', (index) => {
          if (index < 0 || !operators.cancel(index)) return renderJson(500, OPERATOR_NOT_FOUND);
          return renderJson(200, 'The pending operator is canceled.');
        }),
    },
  ];
}
