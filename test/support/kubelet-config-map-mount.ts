import { mkdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A ConfigMap volume laid out and updated the way the kubelet's atomic writer does it
 * (pkg/volume/util/atomic_writer.go): the files live in a timestamped directory `..2026_12_01_…`,
 * `..data` is a symlink to it, and each key is a symlink `key → ..data/key`. An update writes a new
 * timestamped directory, points a `..data_tmp` symlink at it, renames that over `..data` (the one
 * atomic step), then removes the old directory. The key symlinks never change.
 */
export class KubeletConfigMapMount {
  #generation = 0;

  private constructor(readonly dir: string) {}

  static async create(dir: string, files: Readonly<Record<string, string>>): Promise<KubeletConfigMapMount> {
    const mount = new KubeletConfigMapMount(dir);
    await mount.update(files);
    for (const key of Object.keys(files)) await symlink(join('..data', key), join(dir, key));
    return mount;
  }

  /** Replaces every key's content at once, as a ConfigMap edit reaching the pod does. */
  async update(files: Readonly<Record<string, string>>): Promise<void> {
    this.#generation += 1;
    const stamp = `..2026_12_01_18_${String(this.#generation).padStart(2, '0')}_00.${1000 + this.#generation}`;
    await mkdir(join(this.dir, stamp));
    for (const [key, text] of Object.entries(files)) await writeFile(join(this.dir, stamp, key), text);
    const old = await readlink(join(this.dir, '..data')).catch(() => undefined);
    await symlink(stamp, join(this.dir, '..data_tmp'));
    await rename(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
    if (old !== undefined) await rm(join(this.dir, old), { recursive: true });
  }
}
