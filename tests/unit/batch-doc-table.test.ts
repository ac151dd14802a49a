import Database from 'better-sqlite3';
import { expect } from 'chai';
import { batchDocTable, docTableDdl } from '../../infra/read-models/batch-doc-table.js';

interface Doc {
  id: string;
  group: string;
  n: number;
}

function open() {
  const db = new Database(':memory:');
  db.exec(`${docTableDdl('docs', ['grp TEXT NOT NULL'])} CREATE INDEX docs_grp ON docs (grp);`);
  const table = () => batchDocTable<Doc>(db, 'docs', (d) => d.id, [{ name: 'grp', value: (d) => d.group }]);
  const stored = () => db.prepare<[], { id: string; doc: string; grp: string }>('SELECT id, doc, grp FROM docs ORDER BY rid').all();
  /** One batch: the changes, then flush and commit as the batch applier does. */
  const batch = (work: (t: ReturnType<typeof table>) => void): void => {
    const t = table();
    db.transaction(() => {
      work(t);
      t.flush();
    })();
    t.committed();
  };
  return { db, table, stored, batch };
}

describe('batch document table', () => {
  it('writes a row put without a look-up, even when its id is already stored (upsert)', () => {
    const { batch, stored } = open();
    batch((t) => t.put({ id: 'a', group: 'g1', n: 1 }));
    batch((t) => t.put({ id: 'a', group: 'g2', n: 2 }));
    expect(stored()).to.deep.equal([{ id: 'a', doc: '{"id":"a","group":"g2","n":2}', grp: 'g2' }]);
  });

  it('inserts a row looked up and not found, then updates it by rowid in a later flush of the same batch', () => {
    const { batch, stored } = open();
    batch((t) => {
      expect(t.get('b')).to.equal(undefined);
      t.put({ id: 'b', group: 'g1', n: 1 });
      expect(t.select("grp = 'g1'")).to.deep.equal([{ id: 'b', group: 'g1', n: 1 }]);
      t.put({ id: 'b', group: 'g3', n: 2 });
    });
    expect(stored()).to.deep.equal([{ id: 'b', doc: '{"id":"b","group":"g3","n":2}', grp: 'g3' }]);
  });

  it('deletes a row upserted by an earlier flush of the same batch, whose rowid it never learnt', () => {
    const { batch, stored } = open();
    batch((t) => t.put({ id: 'keep', group: 'g', n: 0 }));
    batch((t) => {
      t.put({ id: 'c', group: 'g', n: 1 });
      expect(t.select("grp = 'g'").map((d) => d.id)).to.have.members(['keep', 'c']);
      t.delete('c');
    });
    expect(stored().map((r) => r.id)).to.deep.equal(['keep']);
  });

  it('deletes a stored row that was put without a look-up and deleted before any flush', () => {
    const { batch, stored } = open();
    batch((t) => t.put({ id: 'd', group: 'g', n: 1 }));
    batch((t) => {
      t.put({ id: 'd', group: 'g', n: 2 });
      t.delete('d');
    });
    expect(stored()).to.deep.equal([]);
  });

  it('reads a stored row once per batch and writes only what changed', () => {
    const { batch, stored } = open();
    batch((t) => t.put({ id: 'e', group: 'g', n: 1 }));
    batch((t) => {
      const row = t.get('e')!;
      row.n += 1;
      t.put(row);
      const again = t.get('e')!;
      again.n += 1;
      t.put(again);
    });
    expect(stored()).to.deep.equal([{ id: 'e', doc: '{"id":"e","group":"g","n":3}', grp: 'g' }]);
  });

  it('forgets the changes of a batch that rolled back', () => {
    const { table, stored, batch } = open();
    batch((t) => t.put({ id: 'f', group: 'g', n: 1 }));
    const t = table();
    t.put({ id: 'f', group: 'g', n: 99 });
    t.discard();
    expect(t.get('f')).to.deep.equal({ id: 'f', group: 'g', n: 1 });
    expect(stored()[0]!.doc).to.equal('{"id":"f","group":"g","n":1}');
  });
});
