/**
 * The PD build whose behaviour the simulator copies: tikv/pd master at a186e0cc (2026-08-21), the
 * snapshot pd-api.md was checked against. It is in no release: it comes after v9.0.0-beta.1 and
 * commit 9ead470147 (2026-04-02; drain of an unknown store answers 400), and its evict-leader `batch`
 * check ("batch must be an integer in [1, 100]") exists only after 9ead470147. PD's Makefile sets
 * versioninfo.PDReleaseVersion from `git describe --tags --dirty --always`, which /version and /status
 * report, and PDGitHash from `git rev-parse HEAD`; both are given here as such a build reports them.
 */
export const PD_BUILD = {
  version: 'v9.0.0-beta.2.pre-483-ga186e0cc61',
  gitHash: 'a186e0cc61def1408fc57ae7b3d1044a572c8ae3',
  commitDate: '2026-08-21',
  /** PDBuildTS: `date -u '+%Y-%m-%d %I:%M:%S'` at build time (12-hour clock, as PD's Makefile has it). */
  buildTs: '2026-08-21 08:12:34',
} as const;

/** The release a `git describe` version counts from, without `v`: TiKV stores report a bare version. */
export function releaseOf(version: string): string {
  return version.replace(/^v/, '').replace(/-\d+-g[0-9a-f]+(-dirty)?$/, '');
}
