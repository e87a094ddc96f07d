import { describe, expect, it } from 'vitest';
import { caseFromArgv, entryUrlFor, parseCaseLink } from './launch';

describe('case links', () => {
  it('reads the accession of lillepath://case/<accession>', () => {
    expect(parseCaseLink('lillepath://case/B26-013102')).toBe('B26-013102');
    expect(parseCaseLink('lillepath://case/B26-013102/')).toBe('B26-013102');
    expect(parseCaseLink('LILLEPATH://CASE/b26-1')).toBe('b26-1');
    expect(parseCaseLink('lillepath://case/H%2024%2F00101')).toBe('H 24/00101');
  });

  it('refuses anything else', () => {
    for (const link of [
      'lillepath://case/',
      'lillepath://slide/B26-1',
      'lillepath://case/B26-1/slide/2',
      'lillepath://case/B26-1?x=1',
      'lillepath://user:pw@case/B26-1',
      'lillepath://case/%0Aevil',
      'lillepath://case/%E0%A4%A',
      'lillepath://case/' + 'A'.repeat(80),
      'https://case/B26-1',
      'not a url',
    ])
      expect(parseCaseLink(link), link).toBeNull();
  });
});

describe('launch arguments', () => {
  it('finds --open, --open= and a case link, the last one winning', () => {
    expect(caseFromArgv(['/opt/app/lpw', '--open', 'B26-1'])).toBe('B26-1');
    expect(caseFromArgv(['lpw.exe', '--open=B26-2'])).toBe('B26-2');
    expect(caseFromArgv(['lpw.exe', '--allow-file-access', 'lillepath://case/B26-3'])).toBe(
      'B26-3',
    );
    expect(caseFromArgv(['lpw', '--open', 'B26-1', 'lillepath://case/B26-4'])).toBe('B26-4');
    // Electron's own switches and the app path are ignored.
    expect(caseFromArgv(['electron', '.', '--no-sandbox'])).toBeNull();
  });

  it('ignores a malformed or missing accession', () => {
    expect(caseFromArgv(['lpw', '--open'])).toBeNull();
    expect(caseFromArgv(['lpw', '--open', ''])).toBeNull();
    expect(caseFromArgv(['lpw', '--open=../../etc'])).toBeNull();
    expect(caseFromArgv(['lpw', 'lillepath://case/'])).toBeNull();
  });

  it('loads the case address in the renderer', () => {
    expect(entryUrlFor({ name: 'case', accession: 'B26-1' })).toBe(
      'app://renderer/index.html#/case/B26-1',
    );
    expect(entryUrlFor(null)).toBe('app://renderer/index.html');
  });
});
