import { expect } from 'chai';
import fc from 'fast-check';
import { catalogChecksum } from '../../services/catalog/catalog-checksum.js';
import { builtinCatalogPublication, catalogVersions } from '../../services/catalog/catalog-publication.js';
import { CatalogValidationError } from '../../services/catalog/catalog-validation-error.js';
import type { CatalogProblem } from '../../services/catalog/catalog-validation-error.js';
import { CsvSyntaxError, formatCsv, parseCsv, parseCsvTable } from '../../services/catalog/csv.js';
import { exportCatalogCsv } from '../../services/catalog/export-csv.js';
import { importCatalogCsv } from '../../services/catalog/import-csv.js';
import { importCatalogJson } from '../../services/catalog/import-json.js';
import { loadBuiltinCatalog } from '../../services/catalog/load-catalog.js';

const builtin = loadBuiltinCatalog();

function problemsOf(run: () => unknown): CatalogProblem[] {
  try {
    run();
  } catch (e) {
    if (e instanceof CatalogValidationError) return [...e.problems];
    throw e;
  }
  expect.fail('the import was accepted');
}
const keys = (ps: CatalogProblem[]): string[] => ps.map((p) => `${p.itemCode ?? p.bundleCode ?? '-'} | ${p.field} | ${p.rule}`).sort();

describe('RFC 4180 CSV', () => {
  it('reads quoted commas, doubled quotes, embedded line breaks, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\n';
    expect(parseCsv(text)).to.deep.equal([['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\nlines'], ['', '', '']]);
  });

  it('reports the line of a broken record', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).to.throw(CsvSyntaxError, /line 2: unterminated/);
    expect(() => parseCsv('a,b\nx"y,1\n')).to.throw(CsvSyntaxError, /line 2: a quote inside/);
    expect(() => parseCsvTable('a,b\n"multi\nline",1\n1,2,3\n')).to.throw(CsvSyntaxError, /line 4: 3 fields where the header has 2/);
  });

  it('reads back whatever it writes', () => {
    const record = fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 2, maxLength: 5 });
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), (records) => {
      expect(parseCsv(formatCsv(records))).to.deep.equal(records);
    }));
  });
});

describe('catalog import from CSV in the national field names', () => {
  it('round-trips the built-in catalog: export, import, same items, bundles and checksum, next version', () => {
    const files = exportCatalogCsv(builtin);
    expect(files.items.split('\r\n')[0]).to.match(/^task_code,catalog_code,task_name,task_name_en,task_category,task_type,service_object,dept_code,dept_name,anticipate_day,anticipate_type,promise_day,promise_type,project_type/);
    const published = importCatalogCsv(files, builtin);
    expect(published).to.include({ version: 2, source: 'csv', itemCount: 97, bundleCount: 10, checksum: catalogChecksum(builtin) });
    expect(published.catalog).to.deep.equal({ items: builtin.items, bundles: builtin.bundles });
  });

  it('reads the national codes: 1/2 units and project types, Chinese values, handle_type when channels is absent', () => {
    const items = formatCsv([
      ['task_code', 'task_name', 'task_name_en', 'task_category', 'task_type', 'service_object', 'dept_code', 'dept_name',
        'anticipate_day', 'anticipate_type', 'promise_day', 'promise_type', 'project_type', 'handle_type', 'limit_scene_num',
        'online_handle_depth', 'is_express', 'legal_basis', 'some_other_national_column'],
      ['X-1', '劳务派遣经营许可', 'Labour-dispatch licence', '就业创业', '1', '2', 'D', '劳动关系科', '20', '工作日', '10', '1', '承诺件', '1,2', '0', '1,2,3,4,5', '是', '依据', 'ignored'],
      ['X-2', '仲裁', 'Arbitration', '劳动关系', '10', '1,2', 'Z', '仲裁院', '45', '2', '45', '自然日', '2', '2', '0', '1,2,3,4', '1', '依据', ''],
    ]);
    const materials = formatCsv([
      ['task_code', 'material_code', 'material_name', 'material_name_en', 'material_necessity', 'material_source'],
      ['X-1', 'licence', '营业执照', 'Business licence', '必要', '电子证照'],
      ['X-2', 'application', '申请书', 'Application', '1', '上传'],
      ['X-2', 'evidence', '证据', 'Evidence', '2', '纸质'],
    ]);
    const published = importCatalogCsv({ items, materials }, null);
    expect(published.version).to.equal(1);
    const [x1, x2] = (published.catalog as { items: Record<string, unknown>[] }).items;
    expect(x1).to.deep.include({ itemType: '01', category: 'employment', channels: ['window', 'provincial-portal'], expressSupported: true, extensionDays: 0, fastTrack: false });
    expect(x1!.committedLimit).to.deep.equal({ value: 10, unit: 'working' });
    expect(x2!.statutoryLimit).to.deep.equal({ value: 45, unit: 'natural' });
    expect(x2!.materials).to.deep.equal([
      { code: 'application', nameZh: '申请书', nameEn: 'Application', required: true, source: 'upload' },
      { code: 'evidence', nameZh: '证据', nameEn: 'Evidence', required: false, source: 'paper' },
    ]);
  });

  it('lists every problem of a broken file by item and CSV column, file-level and catalog-level together', () => {
    const files = exportCatalogCsv(builtin);
    const rows = parseCsv(files.items);
    const header = rows[0]!;
    const set = (code: string, column: string, value: string) => {
      rows.find((r) => r[0] === code)![header.indexOf(column)] = value;
    };
    set('SB-022', 'anticipate_day', 'sixty'); // not a number
    set('SB-019', 'promise_day', ''); // empty must not read as 0
    set('JY-005', 'promise_day', '25'); // over statutory 20
    set('KA-002', 'limit_scene_explain', ''); // visit without a reason
    set('RC-003', 'anticipate_type', '3'); // unknown unit code
    set('LD-001', 'instant_approval', '{not json');
    const materials = files.materials.replace('SB-021,skill-certificate', 'SB-021,skill-certificate-x').concat('NO-SUCH,m,材料,Material,1,upload\r\n');
    const problems = problemsOf(() => importCatalogCsv({ items: formatCsv(rows), materials, bundles: files.bundles }, builtin));
    expect(keys(problems)).to.deep.equal([
      'JY-005 | promise_day/promise_type | committed-within-statutory',
      'KA-002 | limit_scene_explain | visits-need-reason',
      'LD-001 | instant_approval | csv-json',
      `NO-SUCH | materials.csv:line ${parseCsv(files.materials).length + 1} | csv-material-item-exists`,
      'RC-003 | anticipate_type | schema',
      'SB-019 | promise_day | schema',
      'SB-021 | instant_approval.conditions.2.material | instant-approval-material',
      'SB-022 | anticipate_day | schema',
    ]);
  });

  it('names a missing column and a syntax error by file', () => {
    const files = exportCatalogCsv(builtin);
    const noSource = files.materials.replace(',material_source\r\n', '\r\n').replace(/,(upload|e-licence|paper)\r\n/g, '\r\n');
    expect(keys(problemsOf(() => importCatalogCsv({ ...files, materials: noSource }, builtin)))).to.deep.equal(['- | materials.csv:material_source | csv-header']);
    expect(keys(problemsOf(() => importCatalogCsv({ ...files, bundles: files.bundles + '"YJS-99,x\r\n' }, builtin)))).to.deep.equal([
      `- | bundles.csv:line ${parseCsv(files.bundles).length + 1} | csv-syntax`,
    ]);
  });

  it('keeps the bundles in force when no bundles file comes, and checks them against the new items', () => {
    const files = exportCatalogCsv(builtin);
    expect(importCatalogCsv({ items: files.items, materials: files.materials }, builtin).bundleCount).to.equal(10);
    const withoutRetirement = parseCsv(files.items).filter((r) => r[0] !== 'SB-011');
    const materials = parseCsv(files.materials).filter((r) => r[0] !== 'SB-011');
    expect(keys(problemsOf(() => importCatalogCsv({ items: formatCsv(withoutRetirement), materials: formatCsv(materials) }, builtin)))).to.deep.equal([
      'YJS-07 | members.0.itemCode | bundle-member-exists',
    ]);
  });
});

describe('catalog import from JSON', () => {
  it('publishes a valid catalog as the next version', () => {
    const text = JSON.stringify({ items: builtin.items, bundles: builtin.bundles });
    const published = importCatalogJson(text, builtin);
    expect(published).to.include({ version: 2, source: 'json', checksum: catalogChecksum(builtin) });
  });

  it('refuses broken JSON and broken items, listing the problems', () => {
    expect(keys(problemsOf(() => importCatalogJson('{"items": [', builtin)))).to.deep.equal(['- | (json) | json-syntax']);
    const body = JSON.parse(JSON.stringify({ items: builtin.items, bundles: builtin.bundles })) as { items: Record<string, unknown>[] };
    body.items[0]!.fastTrack = 'yes';
    body.items[5]!.onSiteVisits = 2;
    expect(keys(problemsOf(() => importCatalogJson(JSON.stringify(body), builtin)))).to.deep.equal([
      'JY-001 | fastTrack | schema',
      'JY-006 | onSiteReason | visits-need-reason',
      'JY-006 | onSiteVisits | full-online-means-zero-visits',
    ]);
  });
});

describe('catalog versions from the catalog stream', () => {
  it('finds the version an application was submitted under', () => {
    const v1 = builtinCatalogPublication();
    const changed = JSON.parse(JSON.stringify({ items: builtin.items, bundles: builtin.bundles })) as { items: { code: string; committedLimit: unknown }[] };
    changed.items.find((i) => i.code === 'SB-022')!.committedLimit = { value: 10, unit: 'working' };
    const v2 = importCatalogJson(JSON.stringify(changed), builtin);
    const versions = catalogVersions([v1, v2]);
    expect(versions.latest().version).to.equal(2);
    expect(versions.at(1)!.item('SB-022')!.committedLimit.value).to.equal(15);
    expect(versions.at(2)!.item('SB-022')!.committedLimit.value).to.equal(10);
    expect(versions.at(3)).to.equal(undefined);
    expect(() => catalogVersions([v1, v1])).to.throw(/versions must run/);
  });
});
