import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The tokens of the .spt language. Keywords belong to the `Word` category so that they can also
 * be used as option keys and values (`reference: original`, `steps: 300`); statement keywords
 * additionally belong to `StatementKeyword`, which ends a value phrase inside a phase body.
 */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA, label: 'a name' });
export const StatementKeyword = createToken({ name: 'StatementKeyword', pattern: Lexer.NA, label: 'a statement' });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\n\r]*/, group: 'comments' });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n\r]|\\.)*"/, label: 'a string' });
/** A string with no closing quote on its line: lexed so the parser can report it precisely. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\.)*/ });
export const Duration = createToken({
  name: 'Duration',
  pattern: /\d[\d_]*(?:\.\d+)?(?:ms|s|m|h)/,
  // `30sec` lexes as 30s then `ec`, which the parser reports; no lookahead keeps the lexer optimized.
  label: 'a duration',
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: 'a number',
});
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/,
  categories: [Word],
  label: 'a name',
});

const keywordTokens: TokenType[] = [];
const keyword = (name: string, statement = false, word = true): TokenType => {
  const t = createToken({
    name: name[0].toUpperCase() + name.slice(1),
    pattern: name,
    label: `'${name}'`,
    longer_alt: Identifier,
    categories: [...(word ? [Word] : []), ...(statement ? [StatementKeyword] : [])],
  });
  keywordTokens.push(t);
  return t;
};

// Statement keywords (a statement starts with one of these).
export const Recipe = keyword('recipe', true);
export const Use = keyword('use', true);
export const Data = keyword('data', true);
export const Policy = keyword('policy', true);
export const Metrics = keyword('metrics', true);
export const Observe = keyword('observe', true);
export const Shape = keyword('shape', true);
export const Init = keyword('init', true);
export const Window = keyword('window', true);
export const Candidates = keyword('candidates', true);
export const Judge = keyword('judge', true);
export const Reward = keyword('reward', true);
export const Curriculum = keyword('curriculum', true);
export const Objective = keyword('objective', true);
export const Train = keyword('train', true);
export const Judging = keyword('judging', true);
export const Eval = keyword('eval', true);
export const Checkpoint = keyword('checkpoint', true);
export const Pools = keyword('pools', true);
export const Phase = keyword('phase', true);
export const Arm = keyword('arm', true);
// Other keywords, still usable as names.
export const From = keyword('from');
export const Every = keyword('every');
export const Original = keyword('original');
export const Rewrite = keyword('rewrite');
export const Rollouts = keyword('rollouts');
export const Source = keyword('source');
export const Pairwise = keyword('pairwise');
export const Pointwise = keyword('pointwise');
export const Reference = keyword('reference');
// Expression keywords: reserved, never names.
export const If = keyword('if', false, false);
export const Then = keyword('then', false, false);
export const Else = keyword('else', false, false);
export const And = keyword('and', false, false);
export const Or = keyword('or', false, false);
export const Not = keyword('not', false, false);

export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: "'}'" });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', label: "';'" });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: "':'" });
export const Arrow = createToken({ name: 'Arrow', pattern: '->', label: "'->'" });
export const DotDot = createToken({ name: 'DotDot', pattern: '..', label: "'..'" });
export const LessEq = createToken({ name: 'LessEq', pattern: '<=', label: "'<='" });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: '>=', label: "'>='" });
export const EqEq = createToken({ name: 'EqEq', pattern: '==', label: "'=='" });
export const NotEq = createToken({ name: 'NotEq', pattern: '!=', label: "'!='" });
export const Less = createToken({ name: 'Less', pattern: '<', label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: '>', label: "'>'" });
export const Equals = createToken({ name: 'Equals', pattern: '=', label: "'='" });
export const Plus = createToken({ name: 'Plus', pattern: '+', label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: '-', label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: '*', label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: '/', label: "'/'" });

/** Every token type, in lexing priority order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  UnterminatedString,
  Duration,
  NumberLiteral,
  ...keywordTokens,
  Identifier,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Semicolon,
  Colon,
  Arrow,
  DotDot,
  LessEq,
  GreaterEq,
  EqEq,
  NotEq,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Word,
  StatementKeyword,
];
