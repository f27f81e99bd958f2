import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '../..');

/** JSX attributes that hold identifiers, selectors or values, never words a person reads. */
const CODE_ATTRIBUTES =
  /^(className|key|id|role|type|value|name|htmlFor|inputMode|autoComplete|spellCheck|lang|href|testId|returnFocusTo|aria-(describedby|labelledby|controls|orientation|sort|live|current|hidden)|data-[\w-]+)$/;
/** Calls whose string arguments are code: selectors, channels, events, storage keys, developer errors and log labels, CSV columns. */
export const RENDERER_CODE_CALLS =
  /^(t|translate|querySelector|querySelectorAll|closest|focusSoon|matchMedia|getElementById|addEventListener|removeEventListener|dispatchEvent|request|reportError|call|invoke|on|emit|mark|measure|getItem|setItem|removeItem|createElement|Error|TypeError|useRestoreFocus|toCsv|download|padStart|split|join|replace|startsWith|endsWith|includes|indexOf|test|fetch)$/;

/**
 * Words a person would read: two words in a row, a capitalised word ("Cancel"), or any non-Latin letter.
 * Codes ("BRIDGE_DOWN"), ids ("running"), CSS ("minmax(80px, 1fr)") and media queries are not.
 */
const looksLikeWords = (text: string) =>
  /\p{L}{2,}\s+\p{L}{2,}/u.test(text) || /^\s*\p{Lu}\p{Ll}/u.test(text) || /[^\p{Script=Latin}\P{L}]/u.test(text);

function callName(node: ts.Node): string | null {
  const call = node.parent;
  if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call))) return null;
  if (!call.arguments?.some((a) => a === node)) return null;
  const callee = call.expression;
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
}

/** Why a string literal is code, not text; null when it is text someone reads. */
function isCode(node: ts.Node, codeCalls: RegExp): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p) || ts.isTypeNode(p))
      return true;
    if (ts.isJsxAttribute(p)) return CODE_ATTRIBUTES.test(p.name.getText());
    if (ts.isCaseClause(p) || ts.isElementAccessExpression(p)) return true;
    if (ts.isBinaryExpression(p) && /^(===|!==|==|!=|in)$/.test(p.operatorToken.getText())) return true;
    if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.name === n) return true;
    const name = callName(n);
    if (name) return codeCalls.test(name);
    // Stop at a statement: the string's fate is decided by the expression it is in.
    if (ts.isStatement(p) || ts.isJsxElement(p) || (ts.isJsxExpression(p) && !ts.isJsxAttribute(p.parent)))
      return false;
  }
  return false;
}

/**
 * Strings in a source file that look like words a person reads and are not code: each one belongs in the
 * catalogue. `codeCalls` names the calls whose string arguments are code (selectors, channels, log labels).
 */
export function uncataloguedStrings(file: string, codeCalls: RegExp = RENDERER_CODE_CALLS): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const where = (n: ts.Node) =>
    `${relative(root, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      if (/\p{L}/u.test(node.text)) found.push(`${where(node)} JSX text "${node.text.trim()}"`);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (looksLikeWords(node.text) && !isCode(node, codeCalls)) found.push(`${where(node)} "${node.text}"`);
    } else if (ts.isTemplateExpression(node)) {
      const literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…');
      if (looksLikeWords(literal) && !isCode(node, codeCalls)) found.push(`${where(node)} \`${literal}\``);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
