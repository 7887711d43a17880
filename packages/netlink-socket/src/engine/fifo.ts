/**
 * A first-in first-out queue with O(1) push and shift (Array.prototype.shift moves every element, which
 * makes a queue of thousands of waiting requests quadratic).
 */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    // Stryker disable next-line ConditionalExpression: without it, shifting an empty queue stores undefined at the head and moves past it, which leaves the queue as empty as before
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    // Compact once the consumed head is the larger part.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,LogicalOperator,BlockStatement: when (or whether) the consumed head is cut off changes only the memory held, never the order or the items
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Removes `item` (a cancelled waiter); O(n), for the rare case. */
  remove(item: T): boolean {
    const index = this.#items.indexOf(item, this.#head);
    if (index === -1) return false;
    this.#items.splice(index, 1);
    return true;
  }

  /** Takes every item out, in order. */
  drain(): T[] {
    const items = this.#items.slice(this.#head) as T[];
    this.#items = [];
    this.#head = 0;
    return items;
  }
}
