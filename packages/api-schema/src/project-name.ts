/** Every project name of the API (bodies, form fields, path and query parameters): the model's one rule. */
export { type ProjectName, projectNameSchema } from '@scanrelay/findings-schema';
