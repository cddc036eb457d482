/**
 * Where Fortress keeps its data when nobody says otherwise. Matches Electron's
 * `app.getPath('userData')` for an app named "Fortress", so the desktop app, the web
 * shell and the CLI share one data directory by default.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Fortress';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FORTRESS_DATA_DIR) return path.resolve(env.FORTRESS_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export interface DataPaths {
  dir: string;
  marketDb: string;
  userDb: string;
  /** Where the demo generator writes its source files before importing them. */
  demoSource: string;
}

export function dataPaths(dir: string): DataPaths {
  return {
    dir,
    marketDb: path.join(dir, 'market.db'),
    userDb: path.join(dir, 'user.db'),
    demoSource: path.join(dir, 'demo-source'),
  };
}
