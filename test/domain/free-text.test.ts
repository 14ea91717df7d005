/** Free text (names, titles, reasons): NFC, trimmed, no control or bidirectional-override characters. */
import { communitySchema } from '../../domain/schemas';
import { text } from '../../domain/update-schemas';

const name = text(100);

test('free text is normalised to NFC and trimmed', () => {
  // e + combining acute accent, as some keyboards send it; one code point once normalised.
  expect(name.parse(' Jose\u0301 ')).toBe('Jos\u00e9');
  expect(name.parse('张三')).toBe('张三');
  expect(communitySchema.parse({ id: 'c1', name: 'Cafe\u0301社区' }).name).toBe('Caf\u00e9社区');
});

test.each([
  ['a NUL', '张\u0000三'],
  ['a line break', '张三\n李四'],
  ['an escape', '\u001b[31m张三'],
  ['DEL', '张三\u007f'],
  ['a C1 control', '张三\u0085'],
  ['a right-to-left override', '张三\u202e四李'],
  ['a left-to-right embedding', '\u202a张三'],
  ['a right-to-left isolate', '张三\u2067x'],
  ['a pop directional isolate', '张三\u2069'],
])('free text with %s is refused, naming the rule', (_what, value) => {
  const result = name.safeParse(value);
  expect(result.success).toBe(false);
  expect(result.error?.issues[0].message).toBe('expected no control or bidirectional-override characters');
  expect(communitySchema.safeParse({ id: 'c1', name: value }).success).toBe(false);
});
