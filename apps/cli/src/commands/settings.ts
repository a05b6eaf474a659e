import { loadSettings, SettingsError, type Settings } from '@spade/config';

/** Settings for a command, or null after printing what is wrong (each problem names its variable). */
export function settingsOrExplain(): Settings | null {
  try {
    return loadSettings(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`spade: invalid settings\n${error.message}\n`);
    return null;
  }
}
