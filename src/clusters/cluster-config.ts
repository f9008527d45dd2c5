/** A PEM file as read at start: where it came from (for messages) and its text (for the PD client). */
export interface PemFile {
  /** Absolute path, resolved against the clusters file's folder (or the working directory for env). */
  readonly path: string;
  readonly pem: string;
}

/**
 * PD TLS like pd-ctl's `--cacert/--cert/--key`. `ca` alone checks PD's certificate against that CA;
 * `cert` and `key` (always together) add a client certificate for mutual TLS. Without `ca`, PD's
 * certificate is checked against the system's trusted CAs.
 */
export interface ClusterTls {
  readonly ca?: PemFile;
  readonly cert?: PemFile;
  readonly key?: PemFile;
}

/** One TiKV cluster the bot can act on, as named in CLUSTERS_FILE (or `default` from PD_ENDPOINTS). */
export interface ClusterConfig {
  /** A slug (`prod-east`): typed in `--cluster`, shown in every message, log line and audit record. */
  readonly name: string;
  readonly description?: string;
  /** Production clusters are marked visibly wherever the cluster is named. */
  readonly production: boolean;
  /** Channels (C…/G…/D…) where a command without `--cluster` goes to this cluster. */
  readonly defaultForChannels: readonly string[];
  readonly pd: {
    /** One or more PD client URLs, without trailing slashes, in the order given. */
    readonly endpoints: readonly string[];
    /** Absent: no client certificate and the system's CAs (plain HTTP endpoints need none). */
    readonly tls?: ClusterTls;
    readonly connectTimeoutMs: number;
    readonly responseTimeoutMs: number;
  };
}
