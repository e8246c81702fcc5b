import { MockConfigError, parseMockConfig, selectTestCase, type MockConfig, type MockTestCase } from '../integrations/mock-config.js';
import { loadDocument } from './load-file.js';
import { UserError } from './exit.js';

/** `--mock FILE#TestCase`, read and parsed: the config, the test case named, and the file it came from. */
export async function readMockSpec(spec: string): Promise<{ file: string; config: MockConfig; testCase: string }> {
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || hash === spec.length - 1) {
    throw new UserError(`--mock expects FILE#TestCase (e.g. mock.json#HappyPath), got '${spec}'`);
  }
  const file = spec.slice(0, hash);
  try {
    return { file, config: parseMockConfig(await loadDocument(file)), testCase: spec.slice(hash + 1) };
  } catch (e) {
    if (e instanceof MockConfigError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

/** `--mock FILE#TestCase`: the test case is looked up under the state machine named like the definition file. */
export async function loadMock(spec: string, machineName: string): Promise<MockTestCase> {
  const { file, config, testCase } = await readMockSpec(spec);
  try {
    return selectTestCase(config, testCase, machineName);
  } catch (e) {
    if (e instanceof MockConfigError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}
