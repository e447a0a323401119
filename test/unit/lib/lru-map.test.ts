import { describe, expect, it } from 'vitest';
import { LruMap } from '../../../src/lib/lru-map.js';

const keys = (lru: LruMap<string, number>, all: string[]) =>
  all.filter((k) => lru.get(k) !== undefined);

describe('LruMap', () => {
  it('evicts the least recently used entry, a read counting as a use', () => {
    let evicted = 0;
    const lru = new LruMap<string, number>(3, Infinity, () => evicted++);
    lru.set('a', 1, 1);
    lru.set('b', 2, 1);
    lru.set('c', 3, 1);
    expect(lru.get('a')).toBe(1); // b is now the oldest
    lru.set('d', 4, 1);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.size).toBe(3);
    expect(evicted).toBe(1);
    expect(keys(lru, ['a', 'c', 'd'])).toEqual(['a', 'c', 'd']);
  });

  it('keeps the sum of bytes under its bound, evicting as many as it takes', () => {
    const lru = new LruMap<string, number>(100, 10);
    for (const k of ['a', 'b', 'c', 'd']) lru.set(k, 0, 3);
    expect(lru.bytes).toBe(9);
    lru.set('big', 0, 8);
    expect(lru.size).toBe(1);
    expect(lru.bytes).toBe(8);
    expect(lru.get('big')).toBe(0);
  });

  it('counts neither a replaced nor a deleted entry as evicted, and frees their bytes', () => {
    let evicted = 0;
    const lru = new LruMap<string, number>(2, 100, () => evicted++);
    lru.set('a', 1, 10);
    lru.set('a', 2, 20);
    expect(lru.get('a')).toBe(2);
    expect(lru.bytes).toBe(20);
    lru.delete('a');
    lru.delete('missing');
    expect(lru.size).toBe(0);
    expect(lru.bytes).toBe(0);
    expect(evicted).toBe(0);
  });

  it('keeps no entry larger than the whole byte bound, and evicts nothing for it', () => {
    let evicted = 0;
    const lru = new LruMap<string, number>(10, 10, () => evicted++);
    lru.set('a', 1, 4);
    lru.set('huge', 2, 11);
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(evicted).toBe(0);
  });

  it('holds nothing with room for no entry', () => {
    const lru = new LruMap<string, number>(0, 100);
    lru.set('a', 1, 1);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('stays consistent through many mixed operations (checked against a model)', () => {
    const lru = new LruMap<number, number>(50, Infinity);
    const model: number[] = []; // oldest first
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 120;
    for (let i = 0; i < 5000; i++) {
      const key = next();
      const at = model.indexOf(key);
      if (i % 3 === 0) {
        expect(lru.get(key)).toBe(at === -1 ? undefined : key);
        if (at !== -1) model.push(...model.splice(at, 1));
      } else if (i % 7 === 0) {
        lru.delete(key);
        if (at !== -1) model.splice(at, 1);
      } else {
        lru.set(key, key, 1);
        if (at !== -1) model.splice(at, 1);
        if (model.length === 50) model.shift();
        model.push(key);
      }
      expect(lru.size).toBe(model.length);
    }
  });
});
