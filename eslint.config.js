export { default } from '@policy/config/eslint';
