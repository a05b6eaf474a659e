/**
 * Validating a JSON value without building it: exactly what JsonParser.readValue accepts (same
 * nesting limit, same errors), for the values of a payload nobody reads.
 */
import { JsonParser, MAX_DEPTH } from './jsonDecode';

const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** One scalar at `pos`, validated as readValue validates it. */
function skipScalar(parser: JsonParser): void {
  const b = parser.peek();
  if (b === QUOTE) parser.scanString();
  else if (b === MINUS || (b >= 0x30 && b <= 0x39)) parser.scanNumber();
  else if (b === 0x74 || b === 0x66 || b === 0x6e) parser.readLiteral();
  else parser.failUnexpected('looking for beginning of value');
}

/** An object key and its colon, validated as readObjectKey validates them. */
function skipObjectKey(parser: JsonParser): void {
  parser.skipWhitespace();
  if (parser.peek() !== QUOTE) parser.failUnexpected('looking for beginning of object key string');
  parser.scanString();
  parser.skipWhitespace();
  if (parser.peek() !== COLON) parser.failUnexpected('after object key');
  parser.pos++;
}

/**
 * Moves past one complete value (after optional whitespace), validating it; `outerDepth` is the
 * number of containers the caller is already inside, for Go's nesting limit.
 */
export function skipJsonValue(parser: JsonParser, outerDepth = 0): void {
  parser.skipWhitespace();
  const first = parser.peek();
  if (first !== LBRACE && first !== LBRACKET) {
    skipScalar(parser);
    return;
  }
  const isObject: boolean[] = []; // the open containers, innermost last
  for (;;) {
    parser.skipWhitespace();
    const b = parser.peek();
    if (b === LBRACE || b === LBRACKET) {
      if (isObject.length + outerDepth >= MAX_DEPTH) parser.fail('exceeded max depth');
      parser.pos++;
      parser.skipWhitespace();
      if (parser.peek() !== (b === LBRACE ? RBRACE : RBRACKET)) {
        isObject.push(b === LBRACE);
        if (b === LBRACE) skipObjectKey(parser);
        continue;
      }
      parser.pos++;
    } else {
      skipScalar(parser);
    }
    // Close every container that ends here (as readValue attaches values to their parents).
    for (;;) {
      const depth = isObject.length;
      if (depth === 0) return;
      const inObject = isObject[depth - 1];
      parser.skipWhitespace();
      const next = parser.peek();
      if (next === COMMA) {
        parser.pos++;
        if (inObject) skipObjectKey(parser);
        break;
      }
      if (next !== (inObject ? RBRACE : RBRACKET)) parser.failUnexpected(inObject ? 'after object key:value pair' : 'after array element');
      parser.pos++;
      isObject.pop();
    }
  }
}
