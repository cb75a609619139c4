import { describe } from 'vitest';
import { queueBehaviour } from './queue-behaviour.js';

describe('sqlite driver', () => {
  queueBehaviour('sqlite');
});
