/** Password hashing with PHC strings (`$scrypt$...`, `$argon2id$...`); a Node adapter implements it. */
export interface PasswordHasher {
  /** Makes a PHC string for a new password (scrypt by default). */
  hash(password: string): Promise<string>;
  /** Checks a password against a PHC string; false on mismatch or an unsupported/garbled hash. */
  verify(phc: string, password: string): Promise<boolean>;
}
