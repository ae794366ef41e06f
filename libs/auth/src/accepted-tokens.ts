/** The claims of an access token that passport-jwt accepted. */
export interface AcceptedClaims {
  sub: string;
  role: string;
  /** Expiry, in seconds since the epoch (the token's `exp`). */
  exp: number;
}

/** Enough for every signed-in user of a municipality several times over (~300 bytes each). */
const DEFAULT_CAPACITY = 10_000;

/**
 * Access tokens that passport-jwt has accepted, by their exact text, until they expire: a request
 * with a token seen before skips passport's per-request machinery and the signature check, which
 * together were about a tenth of the api's CPU profile and a sixth of what it allocated per request
 * in `bench:api`. Only the token's own claims are remembered. Whether the account still
 * exists, is enabled and has the token's role is asked on every request (`JwtStrategy.principal`).
 *
 * A token is immutable and is verified by its full text, so a remembered verdict stays true until
 * `exp`. This is the check jsonwebtoken makes (expired once the whole second has reached `exp`).
 * Another token string, even one differing only in its signature, is not found here and goes
 * through passport. Provided as a value (AuthLibModule): one per instance.
 */
export class AcceptedTokens {
  private readonly entries = new Map<string, AcceptedClaims>();

  constructor(
    private readonly capacity = DEFAULT_CAPACITY,
    private readonly nowMs: () => number = Date.now,
  ) {}

  remember(token: string, claims: AcceptedClaims): void {
    if (!Number.isFinite(claims.exp) || this.expired(claims)) return;
    this.entries.delete(token);
    // Full: the entry remembered longest ago goes (a Map keeps insertion order).
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, claims);
  }

  /** The claims of `token` if it was accepted and has not expired since. */
  lookup(token: string): AcceptedClaims | null {
    const claims = this.entries.get(token);
    if (!claims) return null;
    if (!this.expired(claims)) return claims;
    this.entries.delete(token);
    return null;
  }

  get size(): number {
    return this.entries.size;
  }

  private expired(claims: AcceptedClaims): boolean {
    return Math.floor(this.nowMs() / 1000) >= claims.exp;
  }
}
