export { type ProjectOverview, readProjectOverviews, type SparkPoint } from './project-overview.js';
export { type FixTimes, readTrendReport, type TrendReport } from './trend-report.js';
export {
  readTrends,
  TREND_DAYS_DEFAULT,
  TREND_DAYS_MAX,
  type TrendPoint,
  type TrendQuery,
} from './trends.js';
