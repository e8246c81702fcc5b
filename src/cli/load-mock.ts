import { MockConfigError, parseMockConfig, selectTestCase, type MockTestCase } from '../integrations/mock-config.js';
import { loadDocument } from './load-file.js';
import { UserError } from './exit.js';

/** `--mock FILE#TestCase`: the test case is looked up under the state machine named like the definition file. */
export async function loadMock(spec: string, machineName: string): Promise<MockTestCase> {
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || hash === spec.length - 1) {
    throw new UserError(`--mock expects FILE#TestCase (e.g. mock.json#HappyPath), got '${spec}'`);
  }
  const file = spec.slice(0, hash);
  const testCase = spec.slice(hash + 1);
  const json = await loadDocument(file);
  try {
    return selectTestCase(parseMockConfig(json), testCase, machineName);
  } catch (e) {
    if (e instanceof MockConfigError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}
