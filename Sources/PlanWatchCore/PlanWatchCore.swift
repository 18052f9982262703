// PlanWatchCore
