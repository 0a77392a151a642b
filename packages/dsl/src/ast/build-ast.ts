import type { CstNode, IToken } from 'chevrotain';
import type { Diagnostic, Range } from '../diagnostics/diagnostic';
import { tokenRange } from '../syntax/lexer';
import type { CandidateItemNode, JudgeModifier, NameNode, NumberAtom, RecipeNode, StatementNode } from './ast';
import { ExprBuilder } from './build-expr';
import { buildBlock, buildEntry, buildValue } from './build-values';
import { nameOf, nodeRange, sub, subs, tok, unquote } from './cst-util';

const fresh = () => ({ leading: [], blankBefore: false });

/** Token names a statement can start with (the keyword a diagnostic points at). */
const KEYWORD_TOKENS = ['Use', 'Data', 'Policy', 'Metrics', 'Observe', 'Shape', 'Init', 'Window', 'Curriculum', 'Train', 'Judging', 'Candidates', 'Judge', 'Reward', 'Objective', 'Eval', 'Checkpoint', 'Pools', 'Phase', 'Arm', 'Word'];

/**
 * The CST visitor: turns chevrotain's concrete tree into the recipe AST. Tolerates the partial
 * trees error recovery leaves (missing children become empty names or are dropped).
 */
export class AstBuilder {
  private readonly expr: ExprBuilder;

  constructor(diagnostics: Diagnostic[]) {
    this.expr = new ExprBuilder(diagnostics);
  }

  recipe(node: CstNode, textEnd: Range): RecipeNode {
    const range = nodeRange(node, textEnd);
    const keyword = tok(node, 'Recipe');
    const open = tok(node, 'LBrace');
    const close = tok(node, 'RBrace');
    return {
      range,
      keyword: keyword ? tokenRange(keyword) : range,
      name: nameOf(sub(node, 'name'), keyword ? tokenRange(keyword) : range),
      statements: this.statements(subs(node, 'statement'), range),
      header: [],
      dangling: [],
      footer: [],
      bodyRange: between(open, close, range),
    };
  }

  private statements(nodes: CstNode[], fallback: Range): StatementNode[] {
    return nodes.map((n) => this.statement(n, fallback)).filter((s): s is StatementNode => s !== undefined);
  }

  private statement(node: CstNode, fallback: Range): StatementNode | undefined {
    for (const key in node.children) {
      const child = node.children[key][0] as CstNode;
      if (child && 'children' in child) return this.byRule(child, nodeRange(child, fallback));
    }
    return undefined;
  }

  private byRule(node: CstNode, range: Range): StatementNode | undefined {
    const first = KEYWORD_TOKENS.map((k) => tok(node, k)).find((t) => t !== undefined);
    const keyword = first ? tokenRange(first) : range;
    const base = { range, keyword, ...fresh() };
    const block = () => buildBlock(sub(node, 'block'), range);
    const optionalBlock = () => (sub(node, 'block') ? block() : undefined);
    switch (node.name) {
      case 'useStmt': {
        return { kind: 'use', ...base, pkg: stringName(tok(node, 'StringLiteral'), range) };
      }
      case 'pluginStmt':
        return {
          kind: tok(node, 'Data') ? 'data' : tok(node, 'Policy') ? 'policy' : tok(node, 'Shape') ? 'shape' : tok(node, 'Observe') ? 'observe' : 'metrics',
          ...base,
          plugin: nameOf(sub(node, 'name'), keyword),
          options: optionalBlock(),
        };
      case 'initStmt': {
        return { kind: 'init', ...base, from: stringName(tok(node, 'StringLiteral'), range) };
      }
      case 'blockStmt': {
        const kind = (['Window', 'Curriculum', 'Train', 'Judging'] as const).find((k) => tok(node, k));
        if (!kind) return undefined;
        const named = sub(node, 'name');
        return { kind: kind.toLowerCase() as 'window', ...base, block: block(), ...(named ? { plugin: nameOf(named, keyword) } : {}) };
      }
      case 'candidatesStmt':
        return {
          kind: 'candidates',
          ...base,
          items: subs(node, 'candidateItem')
            .map((c) => candidateItem(c, range))
            .filter((c): c is CandidateItemNode => c !== undefined),
          dangling: [],
          body: between(tok(node, 'LBrace'), tok(node, 'RBrace'), range),
        };
      case 'judgeStmt':
        return {
          kind: 'judge',
          ...base,
          aspect: nameOf(sub(node, 'name'), keyword),
          plugin: nameOf(sub(node, 'name', 1), keyword),
          modifiers: judgeModifiers(node),
          options: optionalBlock(),
        };
      case 'rewardStmt': {
        const expr = this.expr.reward(sub(node, 'expression'), range);
        return expr ? { kind: 'reward', ...base, expr } : undefined;
      }
      case 'objectiveStmt':
        return {
          kind: 'objective',
          ...base,
          name: nameOf(sub(node, 'name'), keyword),
          arg: sub(node, 'name', 1) ? nameOf(sub(node, 'name', 1), keyword) : undefined,
          options: optionalBlock(),
        };
      case 'everyStmt':
        return {
          kind: tok(node, 'Eval') ? 'eval' : tok(node, 'Pools') ? 'pools' : 'checkpoint',
          ...base,
          every: tok(node, 'Every') ? numberAtom(tok(node, 'NumberLiteral')) : undefined,
          options: optionalBlock(),
        };
      case 'phaseStmt':
      case 'armStmt': {
        const items = [...subs(node, 'phaseItem'), ...subs(node, 'phaseStmt')].sort(
          (a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0),
        );
        return {
          kind: node.name === 'phaseStmt' ? 'phase' : 'arm',
          ...base,
          name: nameOf(sub(node, 'name'), keyword),
          body: items.map((i) => this.phaseItem(i, range)).filter((s): s is StatementNode => s !== undefined),
          dangling: [],
          bodyRange: between(tok(node, 'LBrace'), tok(node, 'RBrace'), range),
        };
      }
      case 'unknownStmt': {
        const word = tok(node, 'Word');
        if (!word) return undefined;
        const value = sub(node, 'value');
        return {
          kind: 'unknown',
          ...base,
          word: { text: word.image, quoted: false, range: tokenRange(word) },
          value: value ? buildValue(value, range) : undefined,
        };
      }
      default:
        return undefined;
    }
  }

  private phaseItem(node: CstNode, fallback: Range): StatementNode | undefined {
    if (node.name === 'phaseStmt') return this.byRule(node, nodeRange(node, fallback));
    const entry = sub(node, 'entry');
    if (entry) {
      const built = buildEntry(entry, fallback);
      return built && { kind: 'setting', entry: built, range: built.range, ...fresh() };
    }
    const child = (['objectiveStmt', 'candidatesStmt', 'blockStmt', 'pluginStmt', 'unknownStmt'] as const).map((n) => sub(node, n)).find(Boolean);
    return child ? this.byRule(child, nodeRange(child, fallback)) : undefined;
  }
}

function candidateItem(node: CstNode, fallback: Range): CandidateItemNode | undefined {
  const range = nodeRange(node, fallback);
  const block = sub(node, 'block') ? buildBlock(sub(node, 'block'), range) : undefined;
  const base = { range, ...fresh() };
  const kw = (name: string) => {
    const k = tok(node, name);
    return k ? tokenRange(k) : range;
  };
  if (tok(node, 'Original')) return { kind: 'original', keyword: kw('Original'), ...base };
  if (tok(node, 'Rewrite'))
    return { kind: 'rewrite', keyword: kw('Rewrite'), plugin: nameOf(sub(node, 'name'), range), options: block, ...base };
  if (tok(node, 'Rollouts')) {
    const nAtom = numberAtom(tok(node, 'NumberLiteral'));
    if (!nAtom) return undefined;
    return { kind: 'rollouts', keyword: kw('Rollouts'), n: nAtom, options: block, ...base };
  }
  if (tok(node, 'Source'))
    return {
      kind: 'source',
      keyword: kw('Source'),
      name: nameOf(sub(node, 'name'), range),
      plugin: nameOf(sub(node, 'name', 1), range),
      options: block,
      ...base,
    };
  return undefined;
}

function judgeModifiers(node: CstNode): JudgeModifier[] {
  const mods: JudgeModifier[] = [];
  for (const name of ['Pairwise', 'Pointwise'] as const) {
    for (const t of (node.children[name] ?? []) as IToken[]) {
      if (!Number.isNaN(t.startOffset)) mods.push({ text: name.toLowerCase() as 'pairwise', range: tokenRange(t) });
    }
  }
  const refs = (node.children.Reference ?? []) as IToken[];
  const originals = (node.children.Original ?? []) as IToken[];
  refs.forEach((r, i) => {
    const o = originals[i];
    if (!Number.isNaN(r.startOffset) && o && !Number.isNaN(o.startOffset)) {
      mods.push({ text: 'reference original', range: { start: tokenRange(r).start, end: tokenRange(o).end } });
    }
  });
  return mods.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

/** The range strictly between two brace tokens (the body), or the fallback. */
function between(open: IToken | undefined, close: IToken | undefined, fallback: Range): Range {
  if (!open) return fallback;
  return { start: tokenRange(open).end, end: close ? tokenRange(close).start : fallback.end };
}

/** A quoted string token as a name (empty if recovery dropped it). */
function stringName(token: IToken | undefined, fallback: Range): NameNode {
  return token ? { text: unquote(token.image), quoted: true, range: tokenRange(token) } : { text: '', quoted: true, range: fallback };
}

/** An unsigned number token as an atom. */
function numberAtom(token: IToken | undefined): NumberAtom | undefined {
  return token && { kind: 'number', raw: token.image, value: Number(token.image.replace(/_/g, '')), range: tokenRange(token) };
}
