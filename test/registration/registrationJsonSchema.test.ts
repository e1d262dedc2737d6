import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { schemaPath } from '../../src/files/packageRoot.js';
import { registrationJsonSchemaText } from '../../src/registration/registrationJsonSchema.js';

type SchemaNode = { description?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[]; oneOf?: SchemaNode[] };

describe('JSON Schema of the spec', () => {
  it('the checked-in metadata-templates/ren.registration.schema.json equals the generated one (run "npm run schema")', async () => {
    expect(await readFile(schemaPath(), 'utf8')).to.equal(registrationJsonSchemaText());
  });

  it('documents every property, so editors show help for each field', () => {
    const missing: string[] = [];
    const walk = (node: SchemaNode, path: string): void => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (child.description === undefined) missing.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (node.items) walk(node.items, `${path}[]`);
      for (const alt of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) walk(alt, path);
    };
    walk(JSON.parse(registrationJsonSchemaText()) as SchemaNode, '$');
    expect(missing).to.deep.equal([]);
  });

  it('lists the allowed scope tokens and refuses unknown keys', () => {
    const text = registrationJsonSchemaText();
    const schema = JSON.parse(text) as { additionalProperties: boolean; properties: { oauth: { properties: { scopes: { items: { enum: string[] } } } } } };
    expect(schema.additionalProperties).to.equal(false);
    expect(schema.properties.oauth.properties.scopes.items.enum).to.include.members(['Basic', 'Api', 'RefreshToken']);
  });
});
