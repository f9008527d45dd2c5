import { goQueryUnescape } from '../go-query-unescape.js';
import { regionInfoJson } from '../region-info.js';
import { regionStartKey } from '../region-keys.js';
import { renderJson, renderOctetJson } from '../render.js';
import type { SimCluster } from '../sim-cluster.js';
import type { RouteDef } from './route-table.js';

/**
 * §5.1 `GET /region/key/{key}`, tikv/pd master server/api/region.go GetRegion: the route matches the
 * escaped path (UseEncodedPath), url.QueryUnescape's the key to bytes (400 with Go's error),
 * hex-decodes it when `?format=hex` (apiutil.ParseHexKeys: 400 `encoding/hex: …`), then the region
 * whose range holds it, as compact octet-stream JSON. Keys are bytes: `%80` is the byte 0x80.
 */
export function regionKeyRoute(cluster: SimCluster): RouteDef {
  return {
    method: 'GET',
    pattern: '/pd/api/v1/region/key/{key}',
    encodedPath: true,
    handler: ({ params, query }) => {
      const unescaped = goQueryUnescape(params.key ?? '');
      if (!unescaped.ok) return renderJson(400, unescaped.error);
      const key = unescaped.bytes;
      let hex: string;
      if (query.get('format') === 'hex') {
        // hex.DecodeString of the key's bytes; Go reports a bad byte as the rune of that byte (%#U).
        const text = key.toString('latin1');
        const bad = /[^0-9a-fA-F]/.exec(text);
        if (bad) {
          const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
          return renderJson(400, `encoding/hex: invalid byte: U+${code} '${bad[0]}'`);
        }
        if (text.length % 2 === 1) return renderJson(400, 'encoding/hex: odd length hex string');
        hex = text.toUpperCase();
      } else {
        hex = key.toString('hex').toUpperCase();
      }
      return renderOctetJson(200, regionInfoJson(cluster, regionHolding(cluster, hex)));
    },
  };
}

/** Upper-case hex compares like the bytes it encodes, so the last region starting at or before it. */
function regionHolding(cluster: SimCluster, hex: string): number {
  let lo = 0;
  let hi = cluster.regions.count - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (regionStartKey(mid) <= hex) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
