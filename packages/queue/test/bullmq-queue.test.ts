import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { queueBehaviour } from './queue-behaviour.js';

describe.runIf(need('redis'))('bullmq driver', () => {
  queueBehaviour('bullmq');
});
