import path from 'node:path';
import type { Config } from '../config.js';
import { FieldCipher } from './field-cipher.js';
import { Keyring } from './keyring.js';

export const keyFileOf = (dataDir: string) => path.join(dataDir, 'keys', 'keyring.json');

/** The keyring from the environment, else the key file in the data folder (created on first start). */
export function loadKeyring(config: Config): Keyring {
  if (config.dataKey) return Keyring.fromEnv(config.dataKey, config.dataKeysOld, config.blindKey!);
  if (config.dataDir.startsWith('memory://')) return Keyring.ephemeral();
  return Keyring.fromFile(keyFileOf(config.dataDir));
}

export const loadCipher = (config: Config) => new FieldCipher(loadKeyring(config), config.crypto);
