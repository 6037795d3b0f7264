import type { CodegenConfig } from "@graphql-codegen/cli";

// Paths are relative to sdk/typescript, where npm runs the scripts; nothing in the output
// depends on where the checkout lives, and documents are read in sorted order.
const config: CodegenConfig = {
  schema: "../../schema.graphql",
  // Recursive; sdk/operations/rest is a link to the gateway's REST alias operations.
  documents: "../operations/**/*.graphql",
  ignoreNoDocuments: false,
  generates: {
    "src/generated.ts": {
      plugins: ["typescript", "typescript-operations", "typed-document-node"],
      config: {
        // ISO 8601 strings over the wire; JSON is whatever the field carries.
        scalars: { DateTime: "string", Date: "string", JSON: "unknown" },
        strictScalars: true,
        // String unions, no runtime enums.
        enumsAsTypes: true,
        // Result fields are always present (`T | null`, never `?:`), as the server sends them;
        // nullable variables and those with a default stay optional, as GraphQL treats them.
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        // __typename only where an operation selects it.
        skipTypename: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
