import { Body, Controller, Delete, Get, HttpCode, Inject, Injectable, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import type { Logger } from '@dx/observability';
import { Roles } from './auth';
import { CLOCK, type BusinessClock } from './business-clock';
import { ApiJsonResponse, defineResponse } from './openapi';

/**
 * The service's time-driven passes (schedulers' work: due transitions, missed deliveries, retention,
 * monthly credit). Each scheduler registers its pass here; the demo clock runs them all right after
 * moving business time, so what fell due in the jump is applied before the clock call returns
 * instead of at the next interval.
 */
@Injectable()
export class TimeDrivenWork {
  private readonly passes: Array<{ name: string; run: () => Promise<unknown> }> = [];

  register(name: string, run: () => Promise<unknown>): void {
    this.passes.push({ name, run });
  }

  /** Runs every registered pass, one after another, in registration order. */
  async runAll(): Promise<string[]> {
    for (const p of this.passes) await p.run();
    return this.passes.map((p) => p.name);
  }
}

export class SetClockDto {
  @ApiProperty({ example: '2024-08-01T09:00:00Z', description: 'new business time (ISO 8601)' })
  @IsISO8601({ strict: true })
  at!: string;
}

export interface ClockView {
  now: string;
  offsetMs: number;
  passes?: string[];
}

const ClockBody = defineResponse<ClockView>()('BusinessClock', {
  schema: {
    type: 'object',
    required: ['now', 'offsetMs'],
    properties: {
      now: { type: 'string', format: 'date-time', description: 'business time of this service' },
      offsetMs: { type: 'number', description: 'business time minus system time' },
      passes: {
        type: 'array',
        items: { type: 'string' },
        description: 'the time-driven passes that ran',
      },
    },
    additionalProperties: false,
  },
});

const view = (clock: BusinessClock, passes?: string[]): ClockView => ({
  now: clock.now().toISOString(),
  offsetMs: clock.offset,
  ...(passes ? { passes } : {}),
});

/**
 * Registered only when DEMO_CLOCK is on (never in production: the config refuses it there). Lets
 * the operator play simulated months in minutes; see ADR 2026-11-27-demo-clock.
 */
@ApiTags('demo clock')
@ApiBearerAuth()
@Controller('admin/clock')
export class DemoClockController {
  constructor(
    private readonly work: TimeDrivenWork,
    @Inject(CLOCK) private readonly clock: BusinessClock,
    @Inject('DX_CLOCK_LOGGER') private readonly logger: Logger,
  ) {}

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: 'Business time of this service (demo stacks only)' })
  @ApiJsonResponse(200, ClockBody)
  get(): ClockView {
    return view(this.clock);
  }

  @Put()
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({
    summary: 'Set business time and run the passes that fell due (demo stacks only)',
  })
  @ApiJsonResponse(200, ClockBody)
  async set(@Body() body: SetClockDto): Promise<ClockView> {
    const at = new Date(body.at); // valid: the DTO accepts strict ISO 8601 only
    this.clock.set(at);
    this.logger.warn({ businessTime: at.toISOString() }, 'business time set (demo clock)');
    return view(this.clock, await this.work.runAll());
  }

  @Delete()
  @Roles('operator')
  @ApiOperation({ summary: 'Back to the system clock (demo stacks only)' })
  @ApiJsonResponse(200, ClockBody)
  async reset(): Promise<ClockView> {
    this.clock.reset();
    this.logger.warn('business time follows the system clock again');
    return view(this.clock, await this.work.runAll());
  }
}
