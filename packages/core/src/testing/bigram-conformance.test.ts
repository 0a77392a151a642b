import { describe, it } from 'vitest';
import { describeBackendConformance } from './backend-conformance';
import { createBigramBackend } from './bigram-backend';

// The testing kit's bigram policy passes the suite it offers (context 32 keeps it quick).
describeBackendConformance('mock.bigram', async () => createBigramBackend({ seed: 3, maxContext: 32 }), { describe, it }, { lr: 0.5 });
