/** `POST /api/v1/upload`'s `import_type` and the findings ingest's `importType`: the model's import types. */
export { IMPORT_TYPES, type ImportType, importTypeSchema } from '@scanrelay/findings-schema';
