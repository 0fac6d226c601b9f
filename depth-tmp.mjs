import { visitParents } from 'unist-util-visit-parents';
import { fromParse5 } from 'hast-util-from-parse5';
import { parseFragment } from 'parse5';
function nest(d){ let n={type:'element',tagName:'div',properties:{},children:[{type:'text',value:'x'}]}; for(let i=0;i<d;i++) n={type:'element',tagName:'div',properties:{},children:[n]}; return {type:'root',children:[n]}; }
function maxOk(f){ let lo=100,hi=200000; while(lo<hi){const m=(lo+hi+1)>>1; try{f(m);lo=m;}catch(e){ if(!(e instanceof RangeError)) throw e; hi=m-1;}} return lo; }
console.log('visitParents max depth', maxOk((d)=>visitParents(nest(d),'element',()=>{})));
console.log('fromParse5 max depth', maxOk((d)=>fromParse5(parseFragment('<div>'.repeat(d)))));
