/**
 * Patterns that start with a look-behind (`(?<![\p{L}\p{N}])(?:ma túy|heroin|...)`), found fast.
 * V8 cannot scan ahead for such a pattern and tries it at every position of the text, which on a
 * sentence costs about ten times what the same pattern without the look-behind does. So the rest
 * of the pattern finds the first place a match can start (every match of the whole pattern is a
 * match of the rest there) and the whole pattern is tried from that place on: the result is
 * exactly the whole pattern's.
 */

export interface LookBehindPattern {
  /** The whole pattern's source, to compose it into other patterns. */
  readonly source: string;
  test(text: string): boolean;
  /** The whole pattern's first match, as `RegExp.prototype.exec` of a pattern without `g` gives it. */
  exec(text: string): RegExpExecArray | null;
  /** Every match in order, as `String.prototype.matchAll` with the `g` flag gives them. */
  matchAll(text: string): Generator<RegExpExecArray>;
}

/**
 * Compiles `lookBehind + rest` (flags without `g` or `y`), searched from where `rest` first matches.
 * `lookBehind` may be any test that matches no characters (`(?:^|(?<![\p{L}\p{N}]))`); the pattern
 * must not match the empty string.
 */
export function lookBehindFirst(lookBehind: string, rest: string, flags = 'u'): LookBehindPattern {
  const whole = new RegExp(`${lookBehind}${rest}`, `${flags}g`);
  // `search` and `test` find a place without building a match: most calls only ask whether there is one.
  const firstCandidate = new RegExp(rest, flags);
  const candidates = new RegExp(rest, `${flags}g`);
  const execFrom = (text: string, from: number): RegExpExecArray | null => {
    candidates.lastIndex = from;
    const candidate = candidates.exec(text);
    if (!candidate) return null;
    whole.lastIndex = candidate.index;
    return whole.exec(text);
  };
  return {
    source: `${lookBehind}${rest}`,
    test: (text) => {
      const from = text.search(firstCandidate);
      if (from < 0) return false;
      whole.lastIndex = from;
      return whole.test(text);
    },
    exec: (text) => execFrom(text, 0),
    *matchAll(text) {
      for (let match = execFrom(text, 0); match; match = execFrom(text, match.index + match[0].length)) yield match;
    },
  };
}
