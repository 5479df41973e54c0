// turtle.mjs parses Turtle from stdin with the n3 parser and prints the
// triples as JSON ({s, p, o, lang, datatype}); a syntax error exits 1.
import { Parser } from 'n3';

let text = '';
for await (const chunk of process.stdin) text += chunk;
const quads = new Parser({ format: 'text/turtle' }).parse(text);
console.log(JSON.stringify(quads.map(q => ({
  s: q.subject.value, p: q.predicate.value, o: q.object.value,
  lang: q.object.language || '', datatype: q.object.datatype ? q.object.datatype.value : '',
}))));
