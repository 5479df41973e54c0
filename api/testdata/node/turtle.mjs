// turtle.mjs parses Turtle from stdin with the n3 parser and prints the
// triples as JSON ({s, p, o, lang, datatype}; blank nodes as _:label); a
// syntax error exits 1.
import { Parser } from 'n3';

let text = '';
for await (const chunk of process.stdin) text += chunk;
const quads = new Parser({ format: 'text/turtle' }).parse(text);
const id = t => (t.termType === 'BlankNode' ? '_:' : '') + t.value;
console.log(JSON.stringify(quads.map(q => ({
  s: id(q.subject), p: q.predicate.value, o: id(q.object),
  lang: q.object.language || '', datatype: q.object.datatype ? q.object.datatype.value : '',
}))));
