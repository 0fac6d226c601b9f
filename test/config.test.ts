/**
 * The configuration's keys and how the command line combines with them.
 * Where the file is found and what each key does to a run, through the
 * command: test/config-cli.test.ts (npm run test:cli).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, passChoice, validateConfig } from '../src/cli/config.js';

describe('validateConfig', () => {
  it('takes every documented key', () => {
    const config = { passes: { herf: false, 'keyword-links': true }, keywordHosts: ['d.example.jp'], pixelPatterns: ['^https://px\\.example\\.net/'], ignore: ['drafts/'], gitignore: false };
    expect(validateConfig(config)).toEqual(config);
    const leaving = {
      preset: ['leaving-hatena'],
      httpsImageHosts: ['img.example.jp', 'img.example.jp:8443'],
      ownBlogs: [{ url: 'http://d.hatena.ne.jp/example', from: '/YYYYMMDD/ID', to: '/YYYY/MM/DD/ID/' }],
    };
    expect(validateConfig(leaving)).toEqual(leaving);
    // one preset may be named by itself
    expect(validateConfig({ preset: 'leaving-hatena' })).toEqual({ preset: ['leaving-hatena'] });
  });

  it('takes imageHosts as hosts or host:port', () => {
    const config = { imageHosts: ['img.example.jp', '127.0.0.1:8080'] };
    expect(validateConfig(config)).toEqual(config);
  });

  it.each([
    [{ passses: {} }, /unknown key "passses" \(keys: passes, keywordHosts, pixelPatterns, ignore, gitignore, preset, httpsImageHosts, ownBlogs, imageHosts, content; \$schema for editors\)/],
    [{ preset: 'leaving-hatna' }, /"preset": unknown preset "leaving-hatna" \(presets: leaving-hatena\)/],
    [{ preset: ['leaving-hatena', 'x'] }, /"preset"\[1\]: unknown preset "x"/],
    [{ httpsImageHosts: ['https://img.example.jp/'] }, /"httpsImageHosts"\[0\]: "https:\/\/img.example.jp\/" is not a host or host:port/],
    [{ httpsImageHosts: ['img.example.jp:99999'] }, /"httpsImageHosts"\[0\]/],
    [{ ownBlogs: { url: 'https://example.hateblo.jp' } }, /"ownBlogs" must be an array/],
    [{ ownBlogs: [{ url: 'https://example.hateblo.jp', from: '/entry/ID' }] }, /"ownBlogs"\[0\]."to" must be a non-empty string/],
    [{ ownBlogs: [{ url: 'example.hateblo.jp', from: '/entry/ID', to: '/ID/' }] }, /"ownBlogs"\[0\]: "url" must be the blog's address/],
    [{ ownBlogs: [{ url: 'https://example.hateblo.jp', from: 'entry/ID', to: '/ID/' }] }, /"ownBlogs"\[0\]: "from" must be a path starting with "\/"/],
    [{ ownBlogs: [{ url: 'https://example.hateblo.jp', from: '/entry/ID', to: '/YYYY/ID/' }] }, /"ownBlogs"\[0\]: "to" uses YYYY, which "from" does not have/],
    [{ ownBlogs: [{ url: 'https://example.hateblo.jp', from: '/entry/ID', to: '/ID/', path: '/x' }] }, /"ownBlogs"\[0\]: unknown key "path"/],
    [[], /must be a JSON object, not an array/],
    [{ passes: ['herf'] }, /"passes" must be an object of pass names to true or false/],
    [{ passes: { hrf: false } }, /"passes": unknown pass "hrf" \(passes: keyword-links, herf/],
    [{ passes: { herf: 'off' } }, /"passes"."herf" must be true or false, not "off"/],
    [{ content: 'content' }, /"content" must be an array of strings, not "content"/],
    [{ keywordHosts: 'd.example.jp' }, /"keywordHosts" must be an array of strings, not "d.example.jp"/],
    [{ keywordHosts: ['http://d.example.jp/'] }, /"keywordHosts"\[0\]: "http:\/\/d.example.jp\/" is not a host name/],
    [{ pixelPatterns: ['ok', '(unclosed'] }, /"pixelPatterns"\[1\]: not a valid regular expression/],
    [{ ignore: ['', 'x'] }, /"ignore"\[0\] must be a non-empty string/],
    [{ gitignore: 'yes' }, /"gitignore" must be true or false/],
    [{ imageHosts: ['https://img.example.jp/'] }, /"imageHosts"\[0\]: "https:\/\/img.example.jp\/" is not a host or host:port/],
    [{ imageHosts: ['127.0.0.1:99999'] }, /"imageHosts"\[0\]: "127.0.0.1:99999" is not a host or host:port/],
  ])('refuses %j, naming the key', (value, message) => {
    expect(() => validateConfig(value)).toThrow(ConfigError);
    expect(() => validateConfig(value)).toThrow(message);
  });
});

describe('passChoice', () => {
  it('turns off what the file turns off; --skip adds to it; --only replaces it', () => {
    const config = { passes: { herf: false, 'blank-target': true } };
    expect(passChoice(config, undefined, undefined)).toEqual({ skip: ['herf'] });
    expect(passChoice(config, [], ['keyword-links'])).toEqual({ skip: ['herf', 'keyword-links'] });
    expect(passChoice(config, ['herf'], undefined)).toEqual({ only: ['herf'], skip: [] });
  });

  it('a preset (the file\'s or --preset) turns its passes on; "passes" in the file turns any of them off', () => {
    expect(passChoice({}, undefined, undefined, ['leaving-hatena'])).toEqual({ skip: [], enable: ['blog-cards', 'fotolife-links', 'own-links'] });
    expect(passChoice({ preset: ['leaving-hatena'], passes: { 'blog-cards': false } }, undefined, undefined)).toEqual({
      skip: ['blog-cards'],
      enable: ['fotolife-links', 'own-links'],
    });
    expect(passChoice({ passes: { 'fotolife-links': true } }, undefined, undefined)).toEqual({ skip: [], enable: ['fotolife-links'] });
    // --only runs exactly what it names
    expect(passChoice({ preset: ['leaving-hatena'] }, ['herf'], undefined)).toEqual({ only: ['herf'], skip: [] });
  });
});
