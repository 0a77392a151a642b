import { CstParser, tokenMatcher, type CstNode, type IToken } from 'chevrotain';
import { syntaxMessages } from './syntax-messages';
import * as t from './tokens';

/**
 * The .spt grammar as a chevrotain CstParser (rules are class fields; error recovery is on, so
 * one pass reports several syntax errors and still yields a partial tree).
 *
 *   recipe     := 'recipe' name '{' statement* '}'
 *   statement  := use | data | policy | init | window | candidates | judge | reward | curriculum
 *               | objective | train | judging | eval | checkpoint | phase | arm      (';' optional)
 *   block      := '{' (key ':' value (',' | ';')?)* '}'
 *   value      := atom+          (a phrase: `3e-4 cosine warmup 30`, `sync every 100`)
 *   atom       := number | number '..' number | duration | string | name | name '(' value,* ')'
 *               | '->' | '[' value,* ']' | block
 */
export class RecipeParser extends CstParser {
  constructor() {
    super(t.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: 'full',
      errorMessageProvider: syntaxMessages,
    });
    this.performSelfAnalysis();
  }

  public recipe = this.RULE('recipe', () => {
    this.CONSUME(t.Recipe);
    this.SUBRULE(this.name);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(t.RBrace);
  });

  public name = this.RULE('name', () => {
    this.OR([{ ALT: () => this.CONSUME(t.Word) }, { ALT: () => this.CONSUME(t.StringLiteral) }]);
  });

  public statement = this.RULE('statement', () => {
    // A statement's keyword and its first argument share a line: `judge` left alone on its line
    // is an incomplete judge statement, not a judge of an aspect named after the next statement.
    const args = () => this.nextOnSameLine();
    this.OR([
      { GATE: args, ALT: () => this.SUBRULE(this.useStmt) },
      { GATE: args, ALT: () => this.SUBRULE(this.pluginStmt) },
      { GATE: args, ALT: () => this.SUBRULE(this.initStmt) },
      { ALT: () => this.SUBRULE(this.blockStmt) },
      { ALT: () => this.SUBRULE(this.candidatesStmt) },
      { GATE: args, ALT: () => this.SUBRULE(this.judgeStmt) },
      { GATE: args, ALT: () => this.SUBRULE(this.rewardStmt) },
      { GATE: args, ALT: () => this.SUBRULE(this.objectiveStmt) },
      { ALT: () => this.SUBRULE(this.everyStmt) },
      { GATE: args, ALT: () => this.SUBRULE(this.phaseStmt) },
      { GATE: args, ALT: () => this.SUBRULE(this.armStmt) },
      { GATE: () => this.notStatementKeyword(), ALT: () => this.SUBRULE(this.unknownStmt), IGNORE_AMBIGUITIES: true },
    ]);
    this.OPTION(() => this.CONSUME(t.Semicolon));
  });

  /** A statement that starts with a word no statement starts with: kept whole, so one typo is one error. */
  public unknownStmt = this.RULE('unknownStmt', () => {
    this.CONSUME(t.Word);
    this.OPTION({ GATE: () => this.sameLine(), DEF: () => this.SUBRULE(this.value, { ARGS: [true] }) });
  });

  public useStmt = this.RULE('useStmt', () => {
    this.CONSUME(t.Use);
    this.CONSUME(t.StringLiteral);
  });

  public pluginStmt = this.RULE('pluginStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Data) },
      { ALT: () => this.CONSUME(t.Policy) },
      { ALT: () => this.CONSUME(t.Metrics) },
      { ALT: () => this.CONSUME(t.Observe) },
      { ALT: () => this.CONSUME(t.Shape) },
    ]);
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public initStmt = this.RULE('initStmt', () => {
    this.CONSUME(t.Init);
    this.CONSUME(t.From);
    this.CONSUME(t.StringLiteral);
  });

  /** `window {..}`, `curriculum [<plugin>] {..}`, `train {..}`, `judging {..}` (a plugin name only where lowering accepts one). */
  public blockStmt = this.RULE('blockStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Window) },
      { ALT: () => this.CONSUME(t.Curriculum) },
      { ALT: () => this.CONSUME(t.Train) },
      { ALT: () => this.CONSUME(t.Judging) },
    ]);
    this.OPTION(() => this.SUBRULE(this.name));
    this.SUBRULE(this.block);
  });

  public candidatesStmt = this.RULE('candidatesStmt', () => {
    this.CONSUME(t.Candidates);
    this.CONSUME(t.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.candidateItem);
      this.OPTION(() => this.SUBRULE(this.separator));
    });
    this.CONSUME(t.RBrace);
  });

  public candidateItem = this.RULE('candidateItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Original) },
      {
        ALT: () => {
          this.CONSUME(t.Rewrite);
          this.SUBRULE(this.name);
          this.OPTION(() => this.SUBRULE(this.block));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Rollouts);
          this.CONSUME(t.NumberLiteral);
          this.OPTION2(() => this.SUBRULE2(this.block));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Source);
          this.SUBRULE2(this.name);
          this.SUBRULE3(this.name);
          this.OPTION3(() => this.SUBRULE3(this.block));
        },
      },
    ]);
  });

  public separator = this.RULE('separator', () => {
    this.OR([{ ALT: () => this.CONSUME(t.Comma) }, { ALT: () => this.CONSUME(t.Semicolon) }]);
  });

  public judgeStmt = this.RULE('judgeStmt', () => {
    this.CONSUME(t.Judge);
    this.SUBRULE(this.name);
    this.SUBRULE2(this.name);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.Pairwise) },
        { ALT: () => this.CONSUME(t.Pointwise) },
        {
          ALT: () => {
            this.CONSUME(t.Reference);
            this.CONSUME(t.Original);
          },
        },
      ]);
    });
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public rewardStmt = this.RULE('rewardStmt', () => {
    this.CONSUME(t.Reward);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  public objectiveStmt = this.RULE('objectiveStmt', () => {
    this.CONSUME(t.Objective);
    this.SUBRULE(this.name);
    this.OPTION({
      // `objective sft rewrite`: the argument must not be the next statement or option key.
      GATE: () => !tokenMatcher(this.LA(1), t.StatementKeyword) && !tokenMatcher(this.LA(2), t.Colon),
      DEF: () => this.SUBRULE2(this.name),
    });
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  /** `eval every 200 {..}`, `checkpoint every 100 {..}`, `pools every 50 {..}`. */
  public everyStmt = this.RULE('everyStmt', () => {
    this.OR([{ ALT: () => this.CONSUME(t.Eval) }, { ALT: () => this.CONSUME(t.Checkpoint) }, { ALT: () => this.CONSUME(t.Pools) }]);
    this.OPTION(() => {
      this.CONSUME(t.Every);
      this.CONSUME(t.NumberLiteral);
    });
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  public phaseStmt = this.RULE('phaseStmt', () => {
    this.CONSUME(t.Phase);
    this.SUBRULE(this.name);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.phaseItem));
    this.CONSUME(t.RBrace);
  });

  public armStmt = this.RULE('armStmt', () => {
    this.CONSUME(t.Arm);
    this.SUBRULE(this.name);
    this.CONSUME(t.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.phaseStmt) },
        { ALT: () => this.SUBRULE(this.phaseItem), IGNORE_AMBIGUITIES: true },
      ]);
    });
    this.CONSUME(t.RBrace);
  });

  /** Inside a phase: `steps: 300`, `lr: ...`, `objective ...`, `candidates {..}`, `curriculum {..}`, `shape ...`. */
  public phaseItem = this.RULE('phaseItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.objectiveStmt) },
      { ALT: () => this.SUBRULE(this.candidatesStmt) },
      { ALT: () => this.SUBRULE(this.blockStmt) },
      { ALT: () => this.SUBRULE(this.pluginStmt) },
      { ALT: () => this.SUBRULE(this.entry, { ARGS: [true] }) },
      { GATE: () => this.notStatementKeyword(), ALT: () => this.SUBRULE(this.unknownStmt), IGNORE_AMBIGUITIES: true },
    ]);
    this.OPTION(() => this.SUBRULE(this.separator));
  });

  public block = this.RULE('block', () => {
    this.CONSUME(t.LBrace);
    this.MANY({
      // `window {` after an unclosed block is the next statement, not a key with a missing ':'.
      GATE: () => !tokenMatcher(this.LA(1), t.StatementKeyword) || tokenMatcher(this.LA(2), t.Colon),
      DEF: () => {
        this.SUBRULE(this.entry, { ARGS: [false] });
        this.OPTION(() => this.SUBRULE(this.separator));
      },
    });
    this.CONSUME(t.RBrace);
  });

  public entry = this.RULE('entry', (inPhase?: boolean) => {
    this.CONSUME(t.Word);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.value, { ARGS: [inPhase] });
  });

  /**
   * One or more atoms. A phrase stays on one line, and ends before `key:` (and, in a phase or
   * statement position, before a statement keyword).
   */
  public value = this.RULE('value', (inPhase?: boolean) => {
    this.SUBRULE(this.atom);
    this.MANY({
      GATE: () =>
        this.sameLine() &&
        !(tokenMatcher(this.LA(1), t.Word) && tokenMatcher(this.LA(2), t.Colon)) &&
        !(inPhase && tokenMatcher(this.LA(1), t.StatementKeyword)),
      DEF: () => this.SUBRULE2(this.atom),
    });
  });

  private notStatementKeyword(): boolean {
    return !tokenMatcher(this.LA(1), t.StatementKeyword);
  }

  /** True if the token after next starts on the line where the next one ends. */
  private nextOnSameLine(): boolean {
    const a = this.LA(1);
    const b = this.LA(2);
    return a.endLine === undefined || b.startLine === undefined || a.endLine === b.startLine;
  }

  /** True if the next token starts on the line where the last consumed token ended. */
  private sameLine(): boolean {
    const prev = this.LA(0);
    const next = this.LA(1);
    return prev.endLine === undefined || next.startLine === undefined || prev.endLine === next.startLine;
  }

  public atom = this.RULE('atom', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.signedNumber);
          this.OPTION(() => {
            this.CONSUME(t.DotDot);
            this.SUBRULE2(this.signedNumber);
          });
        },
      },
      { ALT: () => this.CONSUME(t.Duration) },
      { ALT: () => this.CONSUME(t.StringLiteral) },
      {
        ALT: () => {
          this.CONSUME(t.Word);
          this.OPTION2(() => {
            this.CONSUME(t.LParen);
            this.SUBRULE(this.valueList);
            this.CONSUME(t.RParen);
          });
        },
      },
      { ALT: () => this.CONSUME(t.Arrow) },
      {
        ALT: () => {
          this.CONSUME(t.LBracket);
          this.SUBRULE2(this.valueList);
          this.CONSUME(t.RBracket);
        },
      },
      { ALT: () => this.SUBRULE(this.block) },
    ]);
  });

  public signedNumber = this.RULE('signedNumber', () => {
    this.OPTION(() => this.CONSUME(t.Minus));
    this.CONSUME(t.NumberLiteral);
  });

  /** Comma-separated values (a trailing comma is allowed). */
  public valueList = this.RULE('valueList', () => {
    this.MANY(() => {
      this.SUBRULE(this.value, { ARGS: [false] });
      this.OPTION(() => this.CONSUME(t.Comma));
    });
  });

  // Reward expressions, lowest precedence first.
  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  public andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  public notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.compareExpr) },
    ]);
  });

  public compareExpr = this.RULE('compareExpr', () => {
    this.SUBRULE(this.addExpr);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.LessEq) },
        { ALT: () => this.CONSUME(t.GreaterEq) },
        { ALT: () => this.CONSUME(t.EqEq) },
        { ALT: () => this.CONSUME(t.NotEq) },
        { ALT: () => this.CONSUME(t.Less) },
        { ALT: () => this.CONSUME(t.Greater) },
      ]);
      this.SUBRULE2(this.addExpr);
    });
  });

  public addExpr = this.RULE('addExpr', () => {
    this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Plus) }, { ALT: () => this.CONSUME(t.Minus) }]);
      this.SUBRULE2(this.mulExpr);
    });
  });

  public mulExpr = this.RULE('mulExpr', () => {
    this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Star) }, { ALT: () => this.CONSUME(t.Slash) }]);
      this.SUBRULE2(this.unaryExpr);
    });
  });

  public unaryExpr = this.RULE('unaryExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Minus);
          this.SUBRULE(this.unaryExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  public primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      {
        GATE: () => !tokenMatcher(this.LA(1), t.StatementKeyword),
        ALT: () => {
          this.CONSUME(t.Word);
          this.OPTION(() => {
            this.CONSUME(t.LParen);
            this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression) });
            this.CONSUME(t.RParen);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(t.LParen);
          this.SUBRULE2(this.expression);
          this.CONSUME2(t.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.If);
          this.SUBRULE3(this.expression);
          this.CONSUME(t.Then);
          this.SUBRULE4(this.expression);
          this.CONSUME(t.Else);
          this.SUBRULE5(this.expression);
        },
      },
    ]);
  });
}

let shared: RecipeParser | undefined;

/** Parses tokens into a CST with the shared parser instance (building a parser is costly). */
export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: RecipeParser['errors'] } {
  shared ??= new RecipeParser();
  shared.input = tokens;
  const cst = shared.recipe();
  return { cst, errors: shared.errors };
}
