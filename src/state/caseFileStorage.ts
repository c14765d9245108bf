// Where case files are kept: IndexedDB in the browser (database `trailview`, object store
// `cases`, one entry per fingerprint), or a Map where there is no IndexedDB. Tests pass
// fake-indexeddb's factory.
import type { CaseData } from "./caseFileData";

export interface CaseStorage {
  /** The stored value under `key` (not yet checked), or undefined. */
  get(key: string): Promise<unknown>;
  put(key: string, value: CaseData): Promise<void>;
  delete(key: string): Promise<void>;
}

export const CASE_DB = "trailview";
export const CASE_STORE = "cases";

/** A storage that lives as long as the page: where IndexedDB is missing or refused. */
export function memoryStorage(): CaseStorage {
  const entries = new Map<string, CaseData>();
  return {
    get: (key) => Promise.resolve(entries.has(key) ? structuredClone(entries.get(key)) : undefined),
    put: (key, value) => {
      entries.set(key, structuredClone(value));
      return Promise.resolve();
    },
    delete: (key) => {
      entries.delete(key);
      return Promise.resolve();
    },
  };
}

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

function opened(factory: IDBFactory, name: string, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? factory.open(name) : factory.open(name, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(CASE_STORE)) db.createObjectStore(CASE_STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB could not be opened"));
  });
}

/** Resolves when the transaction is committed (or rejects when it is aborted). */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
  });
}

class IndexedDbStorage implements CaseStorage {
  private db: Promise<IDBDatabase> | null = null;
  /** The open connection, once there is one. */
  private live: IDBDatabase | null = null;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name: string,
  ) {}

  async get(key: string): Promise<unknown> {
    const db = await this.database();
    return settle(db.transaction(CASE_STORE, "readonly").objectStore(CASE_STORE).get(key));
  }

  async put(key: string, value: CaseData): Promise<void> {
    const db = await this.database();
    const tx = db.transaction(CASE_STORE, "readwrite");
    tx.objectStore(CASE_STORE).put(value, key);
    await committed(tx);
  }

  async delete(key: string): Promise<void> {
    const db = await this.database();
    const tx = db.transaction(CASE_STORE, "readwrite");
    tx.objectStore(CASE_STORE).delete(key);
    await committed(tx);
  }

  private database(): Promise<IDBDatabase> {
    if (this.db === null) {
      const db = this.connect();
      this.db = db;
      // A refusal (private mode, storage disabled) is not remembered: a later call tries again.
      db.catch(() => {
        if (this.db === db) this.db = null;
      });
    }
    return this.db;
  }

  private async connect(): Promise<IDBDatabase> {
    // Opened at whatever version it is: other parts of the app may keep stores in the same
    // database. Only when `cases` is missing is the version raised to create it.
    let db = await opened(this.factory, this.name);
    if (!db.objectStoreNames.contains(CASE_STORE)) {
      const version = db.version + 1;
      db.close();
      db = await opened(this.factory, this.name, version);
    }
    // Another tab (or another part of the app) upgrading the database needs this connection
    // closed; the next request opens a new one.
    const current = db;
    const forget = () => {
      if (this.live !== current) return;
      this.live = null;
      this.db = null;
    };
    current.onversionchange = () => {
      current.close();
      forget();
    };
    current.onclose = forget;
    this.live = current;
    return current;
  }
}

/** Case files in IndexedDB (`factory`: the browser's `indexedDB`, or fake-indexeddb in tests). */
export function indexedDbStorage(factory: IDBFactory, name = CASE_DB): CaseStorage {
  return new IndexedDbStorage(factory, name);
}

/** IndexedDB when the page has it, else a storage for this page only. */
export function defaultStorage(): CaseStorage {
  return typeof indexedDB === "undefined" ? memoryStorage() : indexedDbStorage(indexedDB);
}
