// The PostgreSQL read models' worker when run from source (tsx, tests): a worker does not inherit its process's
// loaders (tsx#354: its entry is loaded before any --import runs), so this entry registers tsx, then imports it.
import { register } from 'tsx/esm/api';

register();
await import('./postgres-read-model-worker.ts');
