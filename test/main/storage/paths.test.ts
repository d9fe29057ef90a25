import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, resolveDatabasePath } from '../../../src/main/storage';

const home = '/home/lifter';

describe('database location', () => {
  it("is Electron's userData folder for an app named BarTempo", () => {
    expect(defaultDatabasePath({ platform: 'linux', env: {}, home })).toBe(
      '/home/lifter/.config/BarTempo/bartempo.sqlite',
    );
    expect(defaultDatabasePath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, home })).toBe(
      '/xdg/BarTempo/bartempo.sqlite',
    );
    // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
    expect(defaultDatabasePath({ platform: 'linux', env: { XDG_CONFIG_HOME: 'rel' }, home })).toBe(
      '/home/lifter/.config/BarTempo/bartempo.sqlite',
    );
    expect(defaultDatabasePath({ platform: 'darwin', env: {}, home })).toBe(
      '/home/lifter/Library/Application Support/BarTempo/bartempo.sqlite',
    );
    expect(
      defaultDatabasePath({ platform: 'win32', env: { APPDATA: 'C:/Users/l/AppData/Roaming' }, home }),
    ).toBe(join('C:/Users/l/AppData/Roaming', 'BarTempo', 'bartempo.sqlite'));
  });

  it('takes --db, then BARTEMPO_DB, then the default', () => {
    const where = { platform: 'linux' as const, env: { BARTEMPO_DB: '/env/b.sqlite' }, home };
    expect(resolveDatabasePath('x.sqlite', where)).toEqual({ path: resolve('x.sqlite'), isDefault: false });
    expect(resolveDatabasePath(undefined, where)).toEqual({ path: '/env/b.sqlite', isDefault: false });
    expect(resolveDatabasePath(undefined, { ...where, env: { BARTEMPO_DB: ' ' } })).toEqual({
      path: '/home/lifter/.config/BarTempo/bartempo.sqlite',
      isDefault: true,
    });
  });
});
